import { existsSync } from "node:fs";
import { fromProjectPath, isSameOrInside } from "../model/paths";
import type { Project } from "../project/open-project";
import { loadTrackedFiles } from "./tracked-status";

/** Tracked paths (`pivot track`) that the stages `stageIds` read and the workspace lacks, sorted. */
export function missingTrackedDeps(project: Project, stageIds: readonly string[]): string[] {
  const graph = project.graph();
  const tracked = loadTrackedFiles(project).map((f) => f.path);
  const wanted = new Set<string>();
  for (const id of stageIds) {
    for (const dep of graph.stage(id).deps) {
      if (graph.producersOf(dep.path).length > 0 || existsSync(fromProjectPath(project.root, dep.path))) continue;
      for (const path of tracked) if (isSameOrInside(dep.path, path) && !existsSync(fromProjectPath(project.root, path))) wanted.add(path);
    }
  }
  return [...wanted].sort();
}
