import { type Stats, statSync } from "node:fs";
import type { Stage } from "../model/pipeline";
import type { StateStore } from "../plugin/state-backend";
import { type FileSignature, signatureOfStat } from "../up-to-date/file-signature";
import type { LockData } from "./lock-data";
import { type LockRead, lockPathOf, readLock } from "./lock-file";

/** State DB namespace of the index: key = the stage's lock name, value = {@link IndexedLock} as JSON. */
export const LOCK_INDEX_NAMESPACE = "lock-index";
/** Index rows fetched at once, in the order the command will read them. */
const WINDOW = 256;
/** Pending index rows written once this many are queued (and at flush). */
const WRITE_EVERY = 500;

/** Version of the row format below; a row of another version is ignored. */
const ROW_VERSION = 1;

/** A parsed lock file and the stat of the file it was parsed from. */
interface IndexedLock {
  version: typeof ROW_VERSION;
  /** inode, mtime, ctime and size of the lock file. */
  sig: string;
  lock: LockData;
}

/** inode, mtime, ctime (ms with the sub-ms fraction: µs precision) and size. */
function signatureOf(stat: Stats): string {
  return `${stat.ino}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.size}`;
}

/**
 * The lock files of one command's stages, read through an index in each stateDir's state DB: a
 * lock file whose stat (inode, mtime, ctime, size) matches the one it was last parsed with is taken
 * from the index instead of being read and parsed. A lock file is always written by rename, and any
 * edit moves its ctime, so a match means the same bytes; anything else is read from the file (and
 * indexed). Rows are fetched a window at a time in the command's order and dropped once used, so
 * the index is never held in memory whole. Every read stats the file afresh.
 */
export class LockIndex {
  readonly #stages: readonly Stage[];
  readonly #position = new Map<string, number>();
  readonly #storeOf: (stage: Stage) => StateStore;
  /** Fetched rows not read yet, by stage id. */
  readonly #window = new Map<string, string>();
  /** Whether each stage's row was fetched, by position in `#stages` (a stage not among them is fetched on each read). */
  readonly #fetched: Uint8Array;
  readonly #pending = new Map<StateStore, Array<[key: string, value: string]>>();
  #pendingCount = 0;
  /** The signature of each lock file as this command read it, for the up-to-date snapshot. */
  readonly #seen = new Map<string, FileSignature>();

  readonly #write: boolean;

  /**
   * `stages`: the stages the command will read, in the order it will mostly read them. `write`:
   * index the lock files it had to parse (false for dry runs, which change nothing).
   */
  constructor(stages: readonly Stage[], storeOf: (stage: Stage) => StateStore, options: { write: boolean }) {
    this.#stages = stages;
    this.#fetched = new Uint8Array(stages.length);
    this.#write = options.write;
    stages.forEach((stage, i) => this.#position.set(stage.id, i));
    this.#storeOf = storeOf;
  }

  /** A stage's lock file, as `readLock` would give it. */
  read(stage: Stage): LockRead {
    const file = lockPathOf(stage);
    let stat: Stats | undefined;
    try {
      stat = statSync(file, { throwIfNoEntry: false });
    } catch {
      return readLock(stage); // unreadable: readLock reports it
    }
    this.#seen.set(file, signatureOfStat(file, stat));
    if (!stat) return { kind: "missing" };
    const sig = signatureOf(stat);
    const row = this.#take(stage);
    if (row !== undefined) {
      const indexed = parseRow(row);
      if (indexed?.sig === sig) return { kind: "ok", lock: indexed.lock };
    }
    const read = readLock(stage);
    if (read.kind === "ok" && this.#write) this.#queue(stage, JSON.stringify({ version: ROW_VERSION, sig, lock: read.lock } satisfies IndexedLock));
    return read;
  }

  /** The signature of a lock file as this command read it (undefined: not read). */
  seen(absPath: string): FileSignature | undefined {
    return this.#seen.get(absPath);
  }

  /** The index row of a stage, fetching the window of rows from it on when not fetched yet. */
  #take(stage: Stage): string | undefined {
    const position = this.#position.get(stage.id) ?? -1;
    if (position < 0 || this.#fetched[position] === 0) this.#fetchFrom(position, stage);
    const row = this.#window.get(stage.id);
    this.#window.delete(stage.id);
    return row;
  }

  #fetchFrom(position: number, stage: Stage): void {
    const batch: Stage[] = [];
    if (position < 0) batch.push(stage);
    for (let at = position; at >= 0 && at < Math.min(this.#stages.length, position + WINDOW); at++) {
      if (this.#fetched[at] === 1) continue;
      this.#fetched[at] = 1;
      batch.push(this.#stages[at]!);
    }
    const byStore = new Map<StateStore, Stage[]>();
    for (const s of batch) {
      const store = this.#storeOf(s);
      const list = byStore.get(store);
      if (list) list.push(s);
      else byStore.set(store, [s]);
    }
    for (const [store, stages] of byStore) {
      const keys = stages.map((s) => s.lockName);
      const rows = store.getCachedMany ? store.getCachedMany(LOCK_INDEX_NAMESPACE, keys) : fetchOneByOne(store, keys);
      for (const s of stages) {
        const row = rows.get(s.lockName);
        if (row !== undefined) this.#window.set(s.id, row);
      }
    }
  }

  #queue(stage: Stage, value: string): void {
    const store = this.#storeOf(stage);
    const list = this.#pending.get(store);
    if (list) list.push([stage.lockName, value]);
    else this.#pending.set(store, [[stage.lockName, value]]);
    this.#pendingCount += 1;
    if (this.#pendingCount >= WRITE_EVERY) this.flush();
  }

  /** Writes the queued index rows, one transaction per state DB. The index is a cache: a failure to write it is ignored. */
  flush(): void {
    const pending = [...this.#pending];
    this.#discard();
    for (const [store, rows] of pending) {
      try {
        store.transaction(() => {
          for (const [key, value] of rows) store.putCached(LOCK_INDEX_NAMESPACE, key, value);
        });
      } catch {
        // read-only or busy state DB: the next command parses these lock files again
      }
    }
  }

  #discard(): void {
    this.#pending.clear();
    this.#pendingCount = 0;
  }
}

function fetchOneByOne(store: StateStore, keys: readonly string[]): Map<string, string> {
  const rows = new Map<string, string>();
  for (const key of keys) {
    const value = store.getCached(LOCK_INDEX_NAMESPACE, key);
    if (value !== undefined) rows.set(key, value);
  }
  return rows;
}

function parseRow(row: string): IndexedLock | undefined {
  try {
    const parsed = JSON.parse(row) as IndexedLock;
    return parsed.version === ROW_VERSION && typeof parsed.sig === "string" && parsed.lock ? parsed : undefined;
  } catch {
    return undefined;
  }
}
