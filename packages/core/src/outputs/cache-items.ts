import { readLock } from "../lock/lock-file";
import type { Stage } from "../model/pipeline";
import type { Project } from "../project/open-project";
import { type TrackedFile, loadTrackedFiles } from "../track/tracked-status";

/** Something the cache can place in the workspace: a recorded stage output or a tracked path. */
export interface CacheItem {
  /** Project path of the data. */
  path: string;
  hash: string;
  sizeBytes: number;
  /** Never hard/sym-linked: restored as a writable copy. */
  incremental: boolean;
  source: { kind: "stage"; stage: Stage } | { kind: "tracked"; trackingFile: string };
}

/** Why a declared output has no item. */
export interface NotRecorded {
  path: string;
  stage: string;
  why: "no-lock" | "corrupt-lock" | "not-cached" | "not-recorded";
}

export interface StageItems {
  items: CacheItem[];
  notRecorded: NotRecorded[];
}

/**
 * Cached outputs recorded in the lock files of `stages` — only outputs the stage still declares,
 * unless `allRecorded` (gc keeps whatever a lock file names).
 */
export function stageItems(stages: readonly Stage[], options: { allRecorded?: boolean } = {}): StageItems {
  const items: CacheItem[] = [];
  const notRecorded: NotRecorded[] = [];
  for (const stage of stages) {
    const read = readLock(stage);
    const locked = read.kind === "ok" ? new Map(read.lock.outs.map((o) => [o.path, o])) : new Map();
    if (options.allRecorded && read.kind === "ok") {
      const declared = new Set(stage.outs.map((o) => o.path));
      for (const out of read.lock.outs) {
        if (out.cache && !declared.has(out.path)) items.push({ path: out.path, hash: out.hash, sizeBytes: out.sizeBytes, incremental: false, source: { kind: "stage", stage } });
      }
    }
    for (const out of stage.outs) {
      const entry = locked.get(out.path);
      if (!out.cache) notRecorded.push({ path: out.path, stage: stage.id, why: "not-cached" });
      else if (read.kind !== "ok") notRecorded.push({ path: out.path, stage: stage.id, why: read.kind === "missing" ? "no-lock" : "corrupt-lock" });
      else if (!entry || !entry.cache) notRecorded.push({ path: out.path, stage: stage.id, why: "not-recorded" });
      else {
        items.push({ path: out.path, hash: entry.hash, sizeBytes: entry.sizeBytes, incremental: out.kind === "incremental", source: { kind: "stage", stage } });
      }
    }
  }
  return { items, notRecorded };
}

/** Tracked paths as items, plus the tracking files that could not be read. */
export function trackedItems(project: Project, files: TrackedFile[] = loadTrackedFiles(project)): { items: CacheItem[]; invalid: TrackedFile[] } {
  const items: CacheItem[] = [];
  const invalid: TrackedFile[] = [];
  for (const file of files) {
    if (!("record" in file)) {
      invalid.push(file);
      continue;
    }
    items.push({
      path: file.path,
      hash: file.record.hash,
      sizeBytes: file.record.sizeBytes,
      incremental: false,
      source: { kind: "tracked", trackingFile: file.trackingFile },
    });
  }
  return { items, invalid };
}

/** "stage 'train'" or "data.csv.pvt", for messages. */
export function describeSource(item: CacheItem): string {
  return item.source.kind === "stage" ? `stage '${item.source.stage.id}'` : item.source.trackingFile;
}

/** Why a declared output cannot be checked out, in words. */
export function describeNotRecorded(entry: NotRecorded): string {
  switch (entry.why) {
    case "no-lock":
      return `${entry.path}: stage '${entry.stage}' has no lock file yet (run it, or \`pivot commit ${entry.stage}\`)`;
    case "corrupt-lock":
      return `${entry.path}: the lock file of stage '${entry.stage}' is unreadable (re-run the stage)`;
    case "not-cached":
      return `${entry.path}: output of stage '${entry.stage}' is not cached (cache: false); it lives in git`;
    case "not-recorded":
      return `${entry.path}: stage '${entry.stage}' has not recorded it yet (re-run the stage)`;
  }
}
