import { existsSync } from "node:fs";
import { fromProjectPath } from "../model/paths";
import { pathSegments } from "./path-trie";

/**
 * The default `exists` for dependency checks: the path is on disk under `projectRoot`, or it is
 * tracked — a `<path>.pvt` sits beside it or beside a folder containing it — even if the data has
 * not been pulled yet.
 */
export function existsInProject(projectRoot: string): (projectPath: string) => boolean {
  return (projectPath) => {
    if (existsSync(fromProjectPath(projectRoot, projectPath))) return true;
    const segments = pathSegments(projectPath);
    for (let length = segments.length; length > 0; length--) {
      const tracker = `${segments.slice(0, length).join("/")}.pvt`;
      if (existsSync(fromProjectPath(projectRoot, tracker))) return true;
    }
    return false;
  };
}
