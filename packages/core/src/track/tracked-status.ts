import { errorMessage } from "../errors/pivot-error";
import { PathHasher } from "../engine/path-hasher";
import type { Stage } from "../model/pipeline";
import type { StateStore } from "../plugin/state-backend";
import type { StateRouter } from "../state/state-router";
import { findTrackingFiles } from "./find-tracking-files";
import { type TrackingRecord, dataPathOf, readTrackingFile } from "./tracking-file";

/** A tracking file as found in the workspace: its record, or why it cannot be used. */
export type TrackedFile =
  | { trackingFile: string; path: string; record: TrackingRecord }
  | { trackingFile: string; path: string; problem: string };

export { type TrackedState, type TrackedStatus, trackedChanged } from "./tracked-state";
import type { TrackedStatus } from "./tracked-state";

/** What the tracked-file functions need of a project. */
export interface TrackedProject {
  root: string;
  stages: readonly Stage[];
  state: StateRouter;
}

/** Tracked data has no stage: its hash-cache rows live in the project root's state DB. */
export function trackedStore(project: TrackedProject): StateStore {
  return project.state.forProject(project.root);
}

/** Every tracking file of the project, read. Stage output folders are not searched. */
export function loadTrackedFiles(project: TrackedProject, onFolder?: (absFolder: string) => void): TrackedFile[] {
  const outs = new Set(project.stages.flatMap((s) => s.outs.map((o) => o.path)));
  return findTrackingFiles(project.root, { skip: (p) => outs.has(p), ...(onFolder ? { onFolder } : {}) }).map((trackingFile) => {
    const path = dataPathOf(trackingFile);
    const read = readTrackingFile(project.root, trackingFile);
    if (read.kind === "ok") return { trackingFile, path, record: read.record };
    return { trackingFile, path, problem: read.kind === "invalid" ? read.problem : "vanished while reading" };
  });
}

/** Compares every tracked path with its tracking file: clean, modified, missing, or an invalid tracking file. */
export async function trackedStatus(project: TrackedProject, hasher: PathHasher, files = loadTrackedFiles(project)): Promise<TrackedStatus[]> {
  const store = trackedStore(project);
  const result: TrackedStatus[] = [];
  for (const file of files) {
    const base = { trackingFile: file.trackingFile, path: file.path };
    if ("problem" in file) {
      result.push({ ...base, state: "invalid", problem: file.problem });
      continue;
    }
    const hash = file.record.hash;
    let current;
    try {
      current = await hasher.hash(file.path, store);
    } catch (error) {
      result.push({ ...base, state: "invalid", hash, problem: errorMessage(error) });
      continue;
    }
    if (!current) result.push({ ...base, state: "missing", hash });
    else if (current.hash !== hash) result.push({ ...base, state: "modified", hash, current: current.hash });
    else result.push({ ...base, state: "clean", hash });
  }
  return result;
}

/** The status of every tracked path, keeping new hash-cache rows so the next command reads nothing again. */
export async function checkTrackedFiles(project: TrackedProject): Promise<TrackedStatus[]> {
  const hasher = new PathHasher(project.root);
  const result = await trackedStatus(project, hasher);
  hasher.flush();
  return result;
}
