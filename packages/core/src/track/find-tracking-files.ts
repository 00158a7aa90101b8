import { NEVER_SCANNED_FOLDERS } from "../project/project-root";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readPivotIgnore } from "../pipeline/find-all-pipeline-files";
import { TRACKING_SUFFIX, isTrackingFile } from "./tracking-file";

export interface FindTrackingOptions {
  /** Project paths of folders not to descend into (e.g. stage output folders). */
  skip?: (projectPath: string) => boolean;
  /** Called with every folder the walk lists (absolute), e.g. to record their stats. */
  onFolder?: (absFolder: string) => void;
}

/**
 * Project paths of every tracking file (`*.pvt`) in the project, sorted. The walk does not enter
 * folders that are themselves tracked (their content is in the cache), version-control and
 * dependency folders, `.pivot/`, folders `.pivotignore` names, or folders `skip` names.
 */
export function findTrackingFiles(projectRoot: string, options: FindTrackingOptions = {}): string[] {
  const ignored = readPivotIgnore(projectRoot);
  const found: string[] = [];
  const visit = (absFolder: string, projectFolder: string): void => {
    options.onFolder?.(absFolder);
    let entries;
    try {
      entries = readdirSync(absFolder, { withFileTypes: true });
    } catch {
      return; // unreadable folder: nothing pivot could track there either
    }
    const names = new Set(entries.map((e) => e.name));
    for (const entry of entries) {
      const projectPath = projectFolder === "" ? entry.name : `${projectFolder}/${entry.name}`;
      if (entry.isFile() && isTrackingFile(entry.name)) found.push(projectPath);
      if (!entry.isDirectory() || NEVER_SCANNED_FOLDERS.has(entry.name)) continue;
      if (names.has(`${entry.name}${TRACKING_SUFFIX}`) || options.skip?.(projectPath) || ignored(projectPath)) continue;
      visit(join(absFolder, entry.name), projectPath);
    }
  };
  visit(projectRoot, "");
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
