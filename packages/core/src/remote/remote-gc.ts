import { PivotError } from "../errors/pivot-error";
import { isValidHash } from "../hash/hash-format";
import { type ManifestSource, cacheManifests, expandKeepSet, keepRoots } from "../outputs/keep-set";
import type { RevisionSelection } from "../outputs/revision-references";
import type { RemoteObjectInfo } from "../plugin/remote-backend";
import type { Project } from "../project/open-project";
import { projectStateDir } from "../project/project-root";
import { stateDirOf } from "../state/state-router";
import { formatAge } from "../ui/duration";
import { Progress } from "../ui/progress";
import { downloadManifest } from "./download-object";
import { writeGcEpoch } from "./gc-epoch";
import { type OpenedRemote, openRemote } from "./open-remote";
import { remoteOperationFailure } from "./remote-errors";
import { assertRemoteWritable } from "./remote-trust";
import { baseBackoffMs, withRetry } from "./retry";
import { RUN_RECORD_PREFIX } from "./run-cache-records";
import { type TransferTask, runTransfers } from "./transfer-pool";

export interface RemoteGarbageOptions {
  /** `--remote`: a configured name or a URL/path (default: the default remote). */
  remote?: string;
  jobs?: number;
  dryRun: boolean;
  revisions?: RevisionSelection;
  /** Run-cache records younger than this keep their objects. */
  keepRunCacheMs?: number;
  /** Unreferenced objects younger than this stay: a push in flight may not have committed its lock file yet. */
  graceMs: number;
}

export interface RemoteGarbageReport {
  remote: { name: string; url: string };
  dryRun: boolean;
  /** Objects on the remote before gc. */
  listed: number;
  kept: number;
  keptBytes: number;
  /** Unreferenced objects kept because they are younger than the grace period. */
  young: number;
  youngBytes: number;
  deleted: number;
  deletedBytes: number;
  /** Deleted (or that would be) objects with their sizes, largest first. */
  deletedObjects: Array<{ hash: string; sizeBytes: number }>;
  graceMs: number;
  revisions: number;
  unknownFolders: number;
  unreadable: string[];
  runCache: { kept: number; removed: number };
  /** The gc epoch written (not on a dry run, nor when nothing was deleted). */
  epoch?: string;
  durationMs: number;
}

/** A run-cache record on the remote, read far enough to know what it keeps. */
interface RemoteRecord {
  key: string;
  outputs: string[];
  createdAtMs?: number;
}

const DELETE_BATCH = 100;

function assertWritable(opened: OpenedRemote): void {
  assertRemoteWritable(opened, "gc --remote");
  if (!opened.remote.putRecord) {
    throw new PivotError("REMOTE_INVALID", `Remote '${opened.name}' (${opened.displayUrl}) keeps no records, so gc cannot tell other machines their index of it is stale`, {
      hint: "Use a remote backend that implements putRecord/getRecord (the built-in folder and S3 remotes do).",
    });
  }
}

/** Reads what each run-cache record names; a record that cannot be read is kept as it is. */
async function readRecords(opened: OpenedRemote, retries: number): Promise<{ records: RemoteRecord[]; unreadable: string[] }> {
  const { remote } = opened;
  if (!remote.listRecords || !remote.getRecord) return { records: [], unreadable: [] };
  const retry = { retries, baseDelayMs: baseBackoffMs() };
  const keys = await withRetry(async () => {
    const found: string[] = [];
    for await (const key of remote.listRecords!(RUN_RECORD_PREFIX)) found.push(key);
    return found;
  }, retry);
  const records: RemoteRecord[] = [];
  const unreadable: string[] = [];
  const pool = await runTransfers(
    keys.map((key) => ({
      hash: key,
      label: `run-cache record ${key}`,
      sizeBytes: 0,
      run: async () => {
        const body = await remote.getRecord!(key);
        if (body === undefined) return;
        const parsed = parseRecordOutputs(body);
        if (parsed) records.push({ key, ...parsed });
        else unreadable.push(`${key}: not a run-cache record`);
      },
    })),
    { jobs: opened.jobs, retry },
  );
  if (pool.stoppedBy !== undefined) throw pool.stoppedBy;
  for (const failure of pool.failed) unreadable.push(`${failure.label}: ${failure.error}`);
  return { records, unreadable };
}

/** The output hashes and age of a record body of any schema; undefined when it is not one. */
function parseRecordOutputs(body: string): Omit<RemoteRecord, "key"> | undefined {
  try {
    const raw = JSON.parse(body) as { outputs?: unknown; createdAtMs?: unknown };
    if (raw === null || typeof raw !== "object" || raw.outputs === null || typeof raw.outputs !== "object") return undefined;
    const outputs = Object.values(raw.outputs as Record<string, unknown>);
    if (!outputs.every((h) => typeof h === "string" && isValidHash(h))) return undefined;
    return { outputs: outputs as string[], ...(typeof raw.createdAtMs === "number" ? { createdAtMs: raw.createdAtMs } : {}) };
  } catch {
    return undefined;
  }
}

/** Manifests from the local cache, else downloaded (and verified) from the remote, else unknown. */
function cacheThenRemote(project: Project, opened: OpenedRemote): ManifestSource {
  const local = cacheManifests(project.config.cacheDir);
  return async (hash, purpose) => {
    const found = await local(hash, purpose);
    if (found) return found;
    if ((await opened.remote.exists([hash])).length === 0) return undefined;
    return (await downloadManifest(hash, { remote: opened.remote, cacheDir: project.config.cacheDir, label: purpose })).manifest;
  };
}

/**
 * `pivot gc --remote`: deletes from a remote every object that no lock or tracking file of the
 * workspace or of the selected revisions references (nor a run-cache record young enough to keep),
 * unless it is younger than the grace period. Before deleting it starts a new gc epoch on the
 * remote, so no machine trusts what it remembered of the remote from before (see gc-epoch.ts).
 */
export async function collectRemoteGarbage(project: Project, options: RemoteGarbageOptions): Promise<RemoteGarbageReport> {
  const started = performance.now();
  const nowMs = Date.now();
  const opened = await openRemote(project, { ...(options.remote !== undefined ? { remote: options.remote } : {}), ...(options.jobs !== undefined ? { jobs: options.jobs } : {}) });
  try {
    if (!options.dryRun) assertWritable(opened);
    const { roots, commits, unreadable } = keepRoots(project, options.revisions);
    const step = async <T>(fn: () => Promise<T>): Promise<T> => {
      try {
        return await fn();
      } catch (error) {
        throw error instanceof PivotError ? error : remoteOperationFailure(error, opened);
      }
    };
    const { records, unreadable: badRecords } = await step(() => readRecords(opened, project.config.remoteRetries));
    const young = new Set(records.filter((r) => options.keepRunCacheMs && r.createdAtMs !== undefined && nowMs - r.createdAtMs < options.keepRunCacheMs));
    for (const record of young) for (const hash of record.outputs) roots.push({ hash, source: `run-cache record ${record.key}`, strict: false });
    const keep = await step(() => expandKeepSet(roots, cacheThenRemote(project, opened)));
    const listing = await step(async () => {
      const found: RemoteObjectInfo[] = [];
      for await (const info of opened.remote.list()) found.push(info);
      return found;
    });
    const unreferenced = listing.filter((o) => !keep.hashes.has(o.hash));
    if (options.graceMs > 0 && unreferenced.some((o) => o.modifiedAtMs === undefined)) {
      throw new PivotError("REMOTE_INVALID", `Remote '${opened.name}' does not tell when its objects were written, so gc cannot keep those younger than ${formatAge(options.graceMs)}`, {
        hint: "Make sure no push is in flight, then run with --grace 0.",
      });
    }
    const isYoung = (o: RemoteObjectInfo) => options.graceMs > 0 && nowMs - o.modifiedAtMs! < options.graceMs;
    const garbage = unreferenced.filter((o) => !isYoung(o));
    const youngObjects = unreferenced.filter(isYoung);
    const droppedRecords = records.filter((r) => !young.has(r) && !r.outputs.every((h) => keep.hashes.has(h)));
    const size = (o: RemoteObjectInfo) => o.sizeBytes ?? 0;
    const report: RemoteGarbageReport = {
      remote: { name: opened.name, url: opened.displayUrl },
      dryRun: options.dryRun,
      listed: listing.length,
      kept: listing.length - unreferenced.length,
      keptBytes: listing.filter((o) => keep.hashes.has(o.hash)).reduce((sum, o) => sum + size(o), 0),
      young: youngObjects.length,
      youngBytes: youngObjects.reduce((sum, o) => sum + size(o), 0),
      deleted: garbage.length,
      deletedBytes: garbage.reduce((sum, o) => sum + size(o), 0),
      deletedObjects: garbage.map((o) => ({ hash: o.hash, sizeBytes: size(o) })).sort((a, b) => b.sizeBytes - a.sizeBytes || a.hash.localeCompare(b.hash)),
      graceMs: options.graceMs,
      revisions: commits.length,
      unknownFolders: keep.unknownFolders,
      unreadable: [...unreadable, ...badRecords],
      runCache: { kept: records.length - droppedRecords.length, removed: droppedRecords.length },
      durationMs: 0,
    };
    if (!options.dryRun && (garbage.length > 0 || droppedRecords.length > 0)) {
      report.epoch = await step(() => writeGcEpoch(opened.remote, nowMs));
      forgetRemoteIndex(project, opened.indexKey);
      await deleteInBatches(opened, project.config.remoteRetries, garbage, droppedRecords.map((r) => r.key));
    }
    report.durationMs = Math.round(performance.now() - started);
    return report;
  } finally {
    await opened.remote.close?.();
  }
}

/** The index this machine kept of the remote belongs to the old epoch: drop it everywhere. */
function forgetRemoteIndex(project: Project, indexKey: string): void {
  const stateDirs = new Set([projectStateDir(project.root), ...project.stages.map(stateDirOf)]);
  for (const dir of stateDirs) project.state.forStateDir(dir).forgetOnRemote(indexKey);
}

async function deleteInBatches(opened: OpenedRemote, retries: number, objects: readonly RemoteObjectInfo[], recordKeys: readonly string[]): Promise<void> {
  const progress = new Progress(`Deleting from ${opened.name}`);
  const tasks: TransferTask[] = [];
  for (let i = 0; i < objects.length; i += DELETE_BATCH) {
    const batch = objects.slice(i, i + DELETE_BATCH);
    const bytes = batch.reduce((sum, o) => sum + (o.sizeBytes ?? 0), 0);
    tasks.push({
      hash: `objects ${i}`,
      label: `${batch.length} objects`,
      sizeBytes: bytes,
      run: async () => {
        await opened.remote.delete(batch.map((o) => o.hash));
        progress.advance(bytes, batch.length);
      },
    });
  }
  if (opened.remote.deleteRecords) {
    for (let i = 0; i < recordKeys.length; i += DELETE_BATCH) {
      const batch = recordKeys.slice(i, i + DELETE_BATCH);
      tasks.push({ hash: `records ${i}`, label: `${batch.length} run-cache records`, sizeBytes: 0, run: () => opened.remote.deleteRecords!(batch) });
    }
  }
  try {
    const pool = await runTransfers(tasks, { jobs: opened.jobs, retry: { retries, baseDelayMs: baseBackoffMs() } });
    if (pool.stoppedBy !== undefined) throw remoteOperationFailure(pool.stoppedBy, opened);
    if (pool.failed.length > 0) {
      throw new PivotError("TRANSFER_FAILED", `gc on remote '${opened.name}' could not delete ${pool.failed.map((f) => f.label).join(", ")}: ${pool.failed[0]!.error}`, {
        hint: "Nothing referenced was touched; run `pivot gc --remote` again to finish.",
      });
    }
  } finally {
    progress.done();
  }
}
