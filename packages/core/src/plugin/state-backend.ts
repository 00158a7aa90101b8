/**
 * Per-stateDir persistent state. Everything in it is a cache or a record: deleting the store is
 * always safe and only costs re-hashing and history.
 */

/** What identifies an unchanged file without reading it. */
export interface FileStat {
  inode: number;
  mtimeNs: bigint;
  sizeBytes: number;
}

export interface HashCacheEntry extends FileStat {
  /** Absolute path. */
  path: string;
  hash: string;
}

export interface RunCacheEntry {
  /** Lock name of the stage. */
  stage: string;
  /** Hash of everything that goes into the stage (code, cmd, params, dep hashes, declared outs). */
  inputHash: string;
  /** The outputs that inputs produced: project-relative path → hash (plus manifest hashes). */
  outputs: Record<string, string>;
  runId?: string;
  createdAtMs: number;
  /** Who made the entry (absent on entries recorded before pivot kept it). */
  producer?: RunCacheProducer;
}

/** What produced a run-cache entry: shown when it is restored, carried in remote records. */
export interface RunCacheProducer {
  /** Version of the pivot that recorded it. */
  pivotVersion: string;
  host: string;
  user: string;
  /** The git commit checked out (HEAD) when it was recorded; absent outside a repository. */
  gitCommit?: string;
}

export type StageRunStatus = "ran" | "skipped" | "restored" | "failed" | "cancelled" | "blocked";

export interface RunStageRecord {
  stage: string;
  status: StageRunStatus;
  reason: string;
  durationMs: number;
}

export interface RunRecord {
  id: string;
  startedAtMs: number;
  durationMs: number;
  /** The command line, e.g. `repro train --force`. */
  command: string;
  status: "ok" | "failed" | "interrupted";
  stages: RunStageRecord[];
}

/** One open store for one stateDir. All methods are synchronous (bun:sqlite). */
export interface StateStore {
  readonly stateDir: string;
  /** Set when the DB was unreadable and was moved aside to this path and recreated. */
  readonly recoveredFrom?: string;
  /** True when this open created the store: nothing was there before. */
  readonly created?: boolean;

  /** Hash cache: the hash of `path` if it was hashed with exactly this stat. */
  lookupHash(path: string, stat: FileStat): string | undefined;
  /** Batch version of lookupHash; the map holds only hits. */
  lookupHashes(entries: ReadonlyArray<{ path: string } & FileStat>): Map<string, string>;
  /** Record hashes (one transaction). */
  putHashes(entries: readonly HashCacheEntry[]): void;

  /** Output generations: a counter per output path bumped whenever a stage writes it. */
  getGeneration(path: string): number;
  bumpGenerations(paths: readonly string[]): void;

  /** Run cache: outputs recorded for a stage's input hash. */
  getRunCache(stage: string, inputHash: string): RunCacheEntry | undefined;
  putRunCache(entry: RunCacheEntry): void;
  listRunCache(): RunCacheEntry[];
  /** Removes run-cache entries (one transaction); unknown keys are ignored. */
  deleteRunCache(keys: ReadonlyArray<{ stage: string; inputHash: string }>): void;

  /** Run history. */
  recordRun(run: RunRecord): void;
  listRuns(limit: number): RunRecord[];
  getRun(id: string): RunRecord | undefined;

  /** Remote index: objects known to be on a remote. */
  remoteHas(remote: string, hashes: readonly string[]): Set<string>;
  markOnRemote(remote: string, hashes: readonly string[]): void;
  forgetOnRemote(remote: string, hashes?: readonly string[]): void;

  /** Free-form cached values (fingerprints, parsed lock files), keyed by namespace + key. */
  getCached(namespace: string, key: string): string | undefined;
  /**
   * Batch version of getCached (one read transaction); the map holds only the keys found.
   * Optional (plugin API 1.1): without it, core calls getCached once per key.
   */
  getCachedMany?(namespace: string, keys: readonly string[]): Map<string, string>;
  putCached(namespace: string, key: string, value: string): void;
  deleteCached(namespace: string, key?: string): void;

  /** Runs `fn` in one write transaction. */
  transaction<T>(fn: () => T): T;
  close(): void;
  /**
   * Closes and deletes a store this command created (`created`) when the command failed before it
   * did anything, so bad input leaves nothing behind. Optional: without it the store is closed.
   */
  discard?(): void;
}

/** Opens the store of a stateDir. Core keeps one open store per stateDir (see state-router). */
export interface StateBackend {
  name: string;
  open(stateDir: string): StateStore;
}
