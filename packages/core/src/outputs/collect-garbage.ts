import { isProcessAlive } from "../lock/run-sentinel";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { listCacheObjects, removeEmptyShards } from "../cache/cache-objects";
import { PivotError } from "../errors/pivot-error";
import { lockPathOf } from "../lock/lock-file";
import type { Project } from "../project/open-project";
import { cacheManifests, expandKeepSet, keepRoots } from "./keep-set";
import { listSome } from "./manifest-diff";
import type { RevisionSelection } from "./revision-references";
import { deleteRunEntries, loadedRunEntries, partitionRunEntries, youngEntries } from "./run-cache-retention";

export interface GarbageOptions {
  dryRun: boolean;
  /** Temp files of interrupted writes older than this are removed too (default one hour). */
  tempAgeMs?: number;
  /** Git revisions whose lock and tracking files keep their objects too (the workspace always does). */
  revisions?: RevisionSelection;
  /** Run-cache entries younger than this are kept with their objects; older ones only when their objects are kept. */
  keepRunCacheMs?: number;
}

export interface GarbageReport {
  dryRun: boolean;
  /** Objects kept because a lock or tracking file (or a manifest they list) references them. */
  kept: number;
  removed: number;
  removedBytes: number;
  /** Hashes removed (or that would be), sorted. */
  removedHashes: string[];
  /** Objects removed (or that would be), with their sizes, largest first. */
  removedObjects: Array<{ hash: string; sizeBytes: number }>;
  /** Stale temp files removed (or that would be). */
  temps: number;
  /** Git commits whose references were kept. */
  revisions: number;
  /** Folders another revision records whose manifest is not in the cache: their files could not be told. */
  unknownFolders: number;
  /** Revision lock or tracking files that could not be read (they keep nothing). */
  unreadable: string[];
  runCache: { kept: number; removed: number };
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

/**
 * `pivot gc`: removes every cache object that nothing a user may still check out references: the
 * lock files of the loaded stages and the workspace's tracking files, the lock and tracking files
 * of the selected git revisions, and run-cache entries young enough to keep (a directory's
 * manifest keeps all its files). Run-cache entries whose objects go are deleted with them.
 * Refuses — deleting nothing — while a stage runs, or when a workspace lock file, tracking file or
 * referenced manifest cannot be read, since it could not know what they need.
 */
export async function collectGarbage(project: Project, options: GarbageOptions): Promise<GarbageReport> {
  assertNothingRunning(project);
  const nowMs = Date.now();
  const { roots, commits, unreadable } = keepRoots(project, options.revisions);
  const runEntries = loadedRunEntries(project);
  const young = new Set(youngEntries(runEntries, options.keepRunCacheMs, nowMs));
  for (const { entry } of young) {
    for (const hash of Object.values(entry.outputs)) roots.push({ hash, source: `run cache of ${entry.stage}`, strict: false });
  }
  const { cacheDir } = project.config;
  const keep = await expandKeepSet(roots, cacheManifests(cacheDir));
  const listing = listCacheObjects(cacheDir);
  const garbage = listing.objects.filter((o) => !keep.hashes.has(o.hash));
  const temps = listing.temps.filter((t) => t.ageMs > (options.tempAgeMs ?? HOUR_MS));
  const runCache = partitionRunEntries(runEntries, keep.hashes, young);
  if (!options.dryRun) {
    deleteRunEntries(runCache.drop);
    for (const entry of [...garbage, ...temps]) rmSync(entry.absPath, { force: true });
    removeEmptyShards(cacheDir);
  }
  return {
    dryRun: options.dryRun,
    kept: listing.objects.length - garbage.length,
    removed: garbage.length,
    removedBytes: garbage.reduce((sum, o) => sum + o.sizeBytes, 0) + temps.reduce((sum, t) => sum + t.sizeBytes, 0),
    removedHashes: garbage.map((o) => o.hash).sort(),
    removedObjects: garbage.map((o) => ({ hash: o.hash, sizeBytes: o.sizeBytes })).sort((a, b) => b.sizeBytes - a.sizeBytes || a.hash.localeCompare(b.hash)),
    temps: temps.length,
    revisions: commits.length,
    unknownFolders: keep.unknownFolders,
    unreadable,
    runCache: { kept: runCache.keep.length, removed: runCache.drop.length },
  };
}
