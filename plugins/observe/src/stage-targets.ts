import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { PivotError, type Project, type Stage, isOutsideProject, isPivotError, looseGraph, matchTarget, toProjectPath } from "@pivot/core/internal";

/** What a metrics/plots target named: some stages, or a file path (project-relative). */
export type FileTarget = { kind: "stage"; stage: Stage } | { kind: "path"; path: string };

/**
 * Each target is a stage (id, glob or base name) or else a path relative to the current folder.
 * A path must exist in the workspace or be declared by a stage; anything else is TARGET_NOT_FOUND.
 */
export function resolveFileTargets(project: Project, targets: readonly string[], cwd = process.cwd()): FileTarget[] {
  const graph = looseGraph(project);
  const declared = new Set(project.stages.flatMap((stage) => stage.outs.map((out) => out.path)));
  return targets.flatMap((target): FileTarget[] => {
    try {
      return matchTarget(graph, target).map((id) => ({ kind: "stage", stage: graph.stage(id) }));
    } catch (error) {
      if (!isPivotError(error) || error.code !== "STAGE_NOT_FOUND") throw error;
      const absolute = resolve(cwd, target);
      const path = toProjectPath(project.root, absolute);
      if (!isOutsideProject(path) && (declared.has(path) || existsSync(absolute))) return [{ kind: "path", path }];
      throw new PivotError("TARGET_NOT_FOUND", `'${target}' is neither a stage nor a file of the project`, {
        hint: error.hint ?? "Name a stage (see `pivot list`) or a file path.",
      });
    }
  });
}
