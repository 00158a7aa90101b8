import { isProcessAlive } from "../lock/run-sentinel";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { listCacheObjects, removeEmptyShards } from "../cache/cache-objects";
import { readManifestObject } from "../cache/manifest-object";
import { PivotError, errorMessage } from "../errors/pivot-error";
import { isDirHash } from "../hash/hash-format";
import { lockPathOf } from "../lock/lock-file";
import type { Project } from "../project/open-project";
import { type CacheItem, describeNotRecorded, describeSource, stageItems, trackedItems } from "./cache-items";
import { listSome } from "./manifest-diff";

export interface GarbageOptions {
  dryRun: boolean;
  /** Temp files of interrupted writes older than this are removed too (default one hour). */
  tempAgeMs?: number;
}

export interface GarbageReport {
  dryRun: boolean;
  /** Objects kept because a lock or tracking file (or a manifest they list) references them. */
  kept: number;
  removed: number;
  removedBytes: number;
  /** Hashes removed (or that would be), sorted. */
  removedHashes: string[];
  /** Stale temp files removed (or that would be). */
  temps: number;
}

const HOUR_MS = 60 * 60 * 1000;


/** Refuses to collect while a stage runs: its outputs may be in the cache before its lock names them. */
function assertNothingRunning(project: Project): void {
  const running = project.stages.filter((stage) => {
    const marker = lockPathOf(stage).replace(/\.lock$/, ".running");
    if (!existsSync(marker)) return false;
    const pid = Number(readFileSync(marker, "utf8").trim());
    return pid > 0 && pid !== process.pid && isProcessAlive(pid);
  });
  if (running.length > 0) {
    throw new PivotError("STAGE_FAILED", `Not collecting garbage while stages run: ${listSome(running.map((s) => s.id))}`, {
      hint: "Their new outputs are in the cache before their lock files name them; run `pivot gc` when the run is over.",
    });
  }
}

/** Every object the items need: their own hash and, for folders, their manifest's files. */
async function referencedHashes(cacheDir: string, items: readonly CacheItem[]): Promise<Set<string>> {
  const hashes = new Set<string>();
  const unreadable: string[] = [];
  for (const item of items) {
    hashes.add(item.hash);
    if (!isDirHash(item.hash)) continue;
    try {
      const manifest = await readManifestObject(cacheDir, item.hash, { purpose: `for ${item.path}` });
      for (const entry of manifest.entries) hashes.add(entry.hash);
    } catch (error) {
      unreadable.push(`${item.path} (${describeSource(item)}): ${errorMessage(error)}`);
    }
  }
  if (unreadable.length > 0) {
    throw new PivotError("CACHE_MISSING", `Not collecting garbage: cannot tell which files these folders need: ${listSome(unreadable, 5)}`, {
      hint: "Their manifest objects are missing or damaged. Fetch them (`pivot pull`) or re-run their stages, then run `pivot gc` again.",
    });
  }
  return hashes;
}

/**
 * `pivot gc`: removes every cache object that no lock file of the loaded stages and no tracking
 * file in the workspace references (a directory's manifest keeps all its files). Refuses — deleting
 * nothing — while a stage runs, or when a lock file, tracking file or referenced manifest cannot be
 * read, since it could not know what they need.
 */
export async function collectGarbage(project: Project, options: GarbageOptions): Promise<GarbageReport> {
  assertNothingRunning(project);
  const fromStages = stageItems(project.stages, { allRecorded: true });
  const tracked = trackedItems(project);
  const unreadable = [
    ...fromStages.notRecorded.filter((n) => n.why === "corrupt-lock").map(describeNotRecorded),
    ...tracked.invalid.map((f) => `${f.trackingFile}: ${"problem" in f ? f.problem : "unreadable"}`),
  ];
  if (unreadable.length > 0) {
    throw new PivotError("LOCK_INVALID", `Not collecting garbage: cannot read ${listSome([...new Set(unreadable)], 5)}`, {
      hint: "Fix or delete the unreadable lock or tracking files first (a stage re-run rewrites its lock file).",
    });
  }
  const { cacheDir } = project.config;
  const keep = await referencedHashes(cacheDir, [...fromStages.items, ...tracked.items]);
  const listing = listCacheObjects(cacheDir);
  const garbage = listing.objects.filter((o) => !keep.has(o.hash));
  const temps = listing.temps.filter((t) => t.ageMs > (options.tempAgeMs ?? HOUR_MS));
  if (!options.dryRun) {
    for (const entry of [...garbage, ...temps]) rmSync(entry.absPath, { force: true });
    removeEmptyShards(cacheDir);
  }
  return {
    dryRun: options.dryRun,
    kept: listing.objects.length - garbage.length,
    removed: garbage.length,
    removedBytes: garbage.reduce((sum, o) => sum + o.sizeBytes, 0) + temps.reduce((sum, t) => sum + t.sizeBytes, 0),
    removedHashes: garbage.map((o) => o.hash).sort(),
    temps: temps.length,
  };
}
