import { type LockData, type Project, type Stage, errorMessage, lockPathOf, parseLock, toProjectPath, warn } from "@pivot/core/internal";
import type { Snapshot } from "./snapshot";

/** A lock file found in a snapshot: for a stage of the project, or one only that revision has. */
export interface SnapshotLock {
  /** Stage id, or for a lock without a current stage its name inside `stages/` (`old-stage`). */
  stage: string;
  current?: Stage;
  lock: LockData;
}

const decoder = new TextDecoder();

/**
 * The lock files of `stages` in a snapshot (read in one batch), plus — with `orphans` — lock files
 * of stages that exist only in the snapshot (removed or renamed since). A corrupt lock file is
 * reported as a warning and skipped.
 */
export function locksAt(project: Project, stages: readonly Stage[], snapshot: Snapshot, options: { orphans: boolean }): SnapshotLock[] {
  const pathOf = new Map(stages.map((stage) => [stage, toProjectPath(project.root, lockPathOf(stage))]));
  const wanted = [...pathOf.values()];
  const orphanPaths: string[] = [];
  if (options.orphans) {
    const known = new Set(project.stages.map((stage) => toProjectPath(project.root, lockPathOf(stage))));
    const stageDirs = new Set(project.pipelines.map((pipeline) => `${toProjectPath(project.root, pipeline.stateDir)}/stages`));
    for (const dir of stageDirs) {
      for (const path of snapshot.list(dir)) if (path.endsWith(".lock") && !known.has(path)) orphanPaths.push(path);
    }
  }
  const texts = snapshot.readMany([...wanted, ...orphanPaths]);
  const parse = (path: string): LockData | undefined => {
    const bytes = texts.get(path);
    if (bytes === undefined) return undefined;
    try {
      return parseLock(decoder.decode(bytes));
    } catch (error) {
      warn(`Skipped the unreadable lock file ${path} (${snapshot.label}): ${errorMessage(error)}`);
      return undefined;
    }
  };
  const found: SnapshotLock[] = [];
  for (const [stage, path] of pathOf) {
    const lock = parse(path);
    if (lock) found.push({ stage: stage.id, current: stage, lock });
  }
  for (const path of orphanPaths) {
    const lock = parse(path);
    const name = path.slice(path.indexOf("/stages/") + "/stages/".length, -".lock".length);
    if (lock) found.push({ stage: name, lock });
  }
  return found;
}
