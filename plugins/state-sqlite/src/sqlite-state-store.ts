import type { Database } from "bun:sqlite";
import { type FileStat, type HashCacheEntry, PivotError, type RunCacheEntry, type RunRecord, type StateStore } from "@pivot/core/plugin";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { STATE_DB_FILE, openStateDb } from "./open-state-db";
import {
  RUN_CACHE_COLUMNS,
  RUN_COLUMNS,
  RUNS_NEWEST_FIRST,
  type RunCacheRow,
  type RunRow,
  encodeRunStages,
  toRunCacheEntry,
  toRunRecord,
} from "./state-rows";
import { isSqliteError, stateDbError } from "./state-db-errors";

export interface SqliteStateStoreOptions {
  /** Runs kept in history; older ones are pruned by recordRun. Default 100. */
  keepRuns?: number;
  /** How long a write waits for another process's lock before failing. Default 5000. */
  busyTimeoutMs?: number;
}

/** A hash cache hit needs path, inode, mtime (ns, as text) and size to all match. */
function selectHash(db: Database) {
  return db.query<{ hash: string }, [string, number, string, number]>(
    "SELECT hash FROM hash_cache WHERE path = ? AND inode = ? AND mtime_ns = ? AND size = ?",
  );
}

/**
 * The state of one stateDir in `<stateDir>/state.db` (bun:sqlite, WAL). Reads run in deferred
 * transactions, write batches in immediate ones so concurrent pivot processes queue on the write
 * lock instead of deadlocking on a lock upgrade. Every failure surfaces as a STATE_DB_FAILED
 * PivotError naming the DB file.
 */
export class SqliteStateStore implements StateStore {
  readonly stateDir: string;
  readonly dbPath: string;
  /** Set when a corrupt state.db was moved here and replaced by a fresh one; worth a warning. */
  readonly recoveredFrom?: string;
  readonly created: boolean;
  readonly keepRuns: number;
  #db: Database | undefined;

  constructor(stateDir: string, options: SqliteStateStoreOptions = {}) {
    this.stateDir = stateDir;
    this.keepRuns = Math.max(1, Math.floor(options.keepRuns ?? 100));
    this.created = !existsSync(join(stateDir, STATE_DB_FILE));
    const opened = openStateDb(stateDir, options.busyTimeoutMs ?? 5000);
    this.#db = opened.db;
    this.dbPath = opened.dbPath;
    if (opened.recoveredFrom !== undefined) this.recoveredFrom = opened.recoveredFrom;
  }

  #open(): Database {
    if (this.#db !== undefined) return this.#db;
    throw new PivotError("INTERNAL", `State DB ${this.dbPath} was used after close()`);
  }

  /** Runs `fn` against the open DB, turning any failure into a STATE_DB_FAILED PivotError. */
  #use<T>(fn: (db: Database) => T): T {
    const db = this.#open();
    try {
      return fn(db);
    } catch (error) {
      throw stateDbError(this.dbPath, error);
    }
  }

  #write(fn: (db: Database) => void): void {
    this.#use((db) => db.transaction(() => fn(db)).immediate());
  }

  #read<T>(fn: (db: Database) => T): T {
    return this.#use((db) => db.transaction(() => fn(db)).deferred());
  }

  lookupHash(path: string, stat: FileStat): string | undefined {
    return this.#use((db) => {
      const row = selectHash(db).get(path, stat.inode, stat.mtimeNs.toString(), stat.sizeBytes);
      return row?.hash;
    });
  }

  lookupHashes(entries: ReadonlyArray<{ path: string } & FileStat>): Map<string, string> {
    const hits = new Map<string, string>();
    if (entries.length === 0) return hits;
    this.#read((db) => {
      const select = selectHash(db);
      for (const e of entries) {
        const row = select.get(e.path, e.inode, e.mtimeNs.toString(), e.sizeBytes);
        if (row !== null) hits.set(e.path, row.hash);
      }
    });
    return hits;
  }

  putHashes(entries: readonly HashCacheEntry[]): void {
    if (entries.length === 0) return;
    this.#write((db) => {
      const upsert = db.query<never, [string, number, string, number, string]>(
        "INSERT OR REPLACE INTO hash_cache (path, inode, mtime_ns, size, hash) VALUES (?, ?, ?, ?, ?)",
      );
      for (const e of entries) upsert.run(e.path, e.inode, e.mtimeNs.toString(), e.sizeBytes, e.hash);
    });
  }

  getGeneration(path: string): number {
    return this.#use((db) => {
      const row = db
        .query<{ gen: number }, [string]>("SELECT gen FROM generations WHERE path = ?")
        .get(path);
      return row?.gen ?? 0;
    });
  }

  /** Bumps each distinct path once (a path listed twice is still one write). */
  bumpGenerations(paths: readonly string[]): void {
    if (paths.length === 0) return;
    this.#write((db) => {
      const bump = db.query<never, [string]>(
        "INSERT INTO generations (path, gen) VALUES (?, 1) ON CONFLICT (path) DO UPDATE SET gen = gen + 1",
      );
      for (const path of new Set(paths)) bump.run(path);
    });
  }

  getRunCache(stage: string, inputHash: string): RunCacheEntry | undefined {
    return this.#use((db) => {
      const row = db
        .query<RunCacheRow, [string, string]>(
          `SELECT ${RUN_CACHE_COLUMNS} FROM run_cache WHERE stage = ? AND input_hash = ?`,
        )
        .get(stage, inputHash);
      return row === null ? undefined : toRunCacheEntry(row);
    });
  }

  putRunCache(entry: RunCacheEntry): void {
    this.#write((db) => {
      db.query<never, [string, string, string, string | null, number, string | null]>(
        `INSERT OR REPLACE INTO run_cache (${RUN_CACHE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(
        entry.stage,
        entry.inputHash,
        JSON.stringify(entry.outputs),
        entry.runId ?? null,
        entry.createdAtMs,
        entry.producer ? JSON.stringify(entry.producer) : null,
      );
    });
  }

  /** Every entry, by stage then oldest first. */
  listRunCache(): RunCacheEntry[] {
    return this.#use((db) =>
      db
        .query<RunCacheRow, []>(
          `SELECT ${RUN_CACHE_COLUMNS} FROM run_cache ORDER BY stage, created_at_ms, input_hash`,
        )
        .all()
        .map(toRunCacheEntry),
    );
  }

  deleteRunCache(keys: ReadonlyArray<{ stage: string; inputHash: string }>): void {
    this.#write((db) => {
      const remove = db.query<never, [string, string]>("DELETE FROM run_cache WHERE stage = ? AND input_hash = ?");
      for (const key of keys) remove.run(key.stage, key.inputHash);
    });
  }

  /** Records (or replaces) a run, then prunes history to the newest `keepRuns` runs. */
  recordRun(run: RunRecord): void {
    this.#write((db) => {
      db.query<never, [string, number, number, string, string, string]>(
        `INSERT OR REPLACE INTO runs (${RUN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(
        run.id,
        run.startedAtMs,
        run.durationMs,
        run.command,
        run.status,
        encodeRunStages(run.stages),
      );
      db.query<never, [number]>(
        `DELETE FROM runs WHERE id NOT IN (SELECT id FROM runs ${RUNS_NEWEST_FIRST} LIMIT ?)`,
      ).run(this.keepRuns);
    });
  }

  /** The newest `limit` runs, newest first (`Infinity` for all). */
  listRuns(limit: number): RunRecord[] {
    if (!(limit > 0)) return [];
    const sqlLimit = Number.isFinite(limit) ? Math.floor(limit) : -1;
    return this.#use((db) =>
      db
        .query<RunRow, [number]>(`SELECT ${RUN_COLUMNS} FROM runs ${RUNS_NEWEST_FIRST} LIMIT ?`)
        .all(sqlLimit)
        .map(toRunRecord),
    );
  }

  getRun(id: string): RunRecord | undefined {
    return this.#use((db) => {
      const row = db
        .query<RunRow, [string]>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`)
        .get(id);
      return row === null ? undefined : toRunRecord(row);
    });
  }

  remoteHas(remote: string, hashes: readonly string[]): Set<string> {
    const known = new Set<string>();
    if (hashes.length === 0) return known;
    this.#read((db) => {
      const select = db.query<{ one: number }, [string, string]>(
        "SELECT 1 AS one FROM remote_index WHERE remote = ? AND hash = ?",
      );
      for (const hash of hashes) if (select.get(remote, hash) !== null) known.add(hash);
    });
    return known;
  }

  markOnRemote(remote: string, hashes: readonly string[]): void {
    if (hashes.length === 0) return;
    this.#write((db) => {
      const insert = db.query<never, [string, string]>(
        "INSERT OR IGNORE INTO remote_index (remote, hash) VALUES (?, ?)",
      );
      for (const hash of hashes) insert.run(remote, hash);
    });
  }

  /** Forgets the given hashes, or everything known about `remote` when `hashes` is omitted. */
  forgetOnRemote(remote: string, hashes?: readonly string[]): void {
    this.#write((db) => {
      if (hashes === undefined) {
        db.query("DELETE FROM remote_index WHERE remote = ?").run(remote);
        return;
      }
      const remove = db.query("DELETE FROM remote_index WHERE remote = ? AND hash = ?");
      for (const hash of hashes) remove.run(remote, hash);
    });
  }

  getCached(namespace: string, key: string): string | undefined {
    return this.#use((db) => {
      const row = db
        .query<{ value: string }, [string, string]>(
          "SELECT value FROM kv WHERE namespace = ? AND key = ?",
        )
        .get(namespace, key);
      return row?.value;
    });
  }

  getCachedMany(namespace: string, keys: readonly string[]): Map<string, string> {
    const found = new Map<string, string>();
    if (keys.length === 0) return found;
    this.#read((db) => {
      const select = db.query<{ value: string }, [string, string]>("SELECT value FROM kv WHERE namespace = ? AND key = ?");
      for (const key of keys) {
        const row = select.get(namespace, key);
        if (row !== null) found.set(key, row.value);
      }
    });
    return found;
  }

  putCached(namespace: string, key: string, value: string): void {
    this.#write((db) => {
      db.query<never, [string, string, string]>(
        "INSERT OR REPLACE INTO kv (namespace, key, value) VALUES (?, ?, ?)",
      ).run(namespace, key, value);
    });
  }

  /** Deletes one key, or the whole namespace when `key` is omitted. */
  deleteCached(namespace: string, key?: string): void {
    this.#write((db) => {
      if (key === undefined) db.query("DELETE FROM kv WHERE namespace = ?").run(namespace);
      else db.query("DELETE FROM kv WHERE namespace = ? AND key = ?").run(namespace, key);
    });
  }

  /**
   * Runs `fn` in one immediate write transaction (nested calls become savepoints). Errors thrown
   * by `fn` itself propagate unchanged; SQLite failures become STATE_DB_FAILED.
   */
  transaction<T>(fn: () => T): T {
    const db = this.#open();
    try {
      return db.transaction(fn).immediate();
    } catch (error) {
      throw isSqliteError(error) ? stateDbError(this.dbPath, error) : error;
    }
  }

  /** Closes, and deletes the DB files when this store created them. */
  discard(): void {
    this.close();
    if (!this.created) return;
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${this.dbPath}${suffix}`, { force: true });
  }

  /** Checkpoints the WAL into the main file and closes. Safe to call more than once. */
  close(): void {
    const db = this.#db;
    if (db === undefined) return;
    this.#db = undefined;
    try {
      db.run("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch {
      // Another connection may be reading; the WAL is then checkpointed by a later close.
    }
    db.close();
  }
}
