import { Database } from "bun:sqlite";
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync } from "node:fs";
import { join } from "node:path";
import { ensureSchema } from "./schema";
import { isCorruptError, stateDbError } from "./state-db-errors";

export const STATE_DB_FILE = "state.db";

export interface OpenedStateDb {
  db: Database;
  dbPath: string;
  /** Where a corrupt DB found at dbPath was moved before a fresh one was created. */
  recoveredFrom?: string;
}

const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

/**
 * Whether a non-empty file at `dbPath` lacks the SQLite header. Checked before SQLite opens it,
 * because closing a connection to a garbage file deletes the -wal we want to keep aside.
 */
function hasForeignHeader(dbPath: string): boolean {
  let fd: number;
  try {
    fd = openSync(dbPath, "r");
  } catch {
    return false; // Missing (or unreadable: SQLite reports that better).
  }
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const bytesRead = readSync(fd, header, 0, header.length, 0);
    return bytesRead > 0 && (bytesRead < header.length || !header.equals(SQLITE_HEADER));
  } finally {
    closeSync(fd);
  }
}

/** Opens `dbPath`, sets the connection up and makes sure the schema is current. */
function openAndPrepare(dbPath: string, busyTimeoutMs: number): Database {
  const db = new Database(dbPath, { create: true, readwrite: true });
  try {
    // busy_timeout first: switching to WAL may itself wait for another connection's lock.
    db.run(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    db.run("PRAGMA journal_mode = WAL");
    db.run("PRAGMA synchronous = NORMAL");
    // Reading the schema forces SQLite to read (and validate) the file header.
    db.query("SELECT count(*) FROM sqlite_master").get();
    ensureSchema(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Moves a corrupt DB (and its -wal/-shm) to `state.db.corrupt-<timestamp>`; returns that path. */
function moveCorruptAside(dbPath: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  let target = `${dbPath}.corrupt-${stamp}`;
  for (let n = 1; existsSync(target); n++) target = `${dbPath}.corrupt-${stamp}-${n}`;
  for (const suffix of ["", "-wal", "-shm"]) {
    try {
      renameSync(dbPath + suffix, target + suffix);
    } catch (error) {
      // Missing -wal/-shm is normal; a concurrent pivot may also have moved the file already.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return target;
}

/**
 * Opens `<stateDir>/state.db`, creating the folder if needed. A file that is not a database or is
 * corrupt is moved aside and replaced by a fresh DB (the DB is a cache); any other failure, a lock
 * held past the busy timeout included, throws a STATE_DB_FAILED PivotError.
 */
export function openStateDb(stateDir: string, busyTimeoutMs: number): OpenedStateDb {
  const dbPath = join(stateDir, STATE_DB_FILE);
  try {
    mkdirSync(stateDir, { recursive: true });
    // A foreign header goes straight to recovery below; SQLite reports subtler corruption itself.
    if (!hasForeignHeader(dbPath)) return { db: openAndPrepare(dbPath, busyTimeoutMs), dbPath };
  } catch (error) {
    if (!isCorruptError(error)) throw stateDbError(dbPath, error);
  }
  try {
    const recoveredFrom = moveCorruptAside(dbPath);
    return { db: openAndPrepare(dbPath, busyTimeoutMs), dbPath, recoveredFrom };
  } catch (error) {
    throw stateDbError(dbPath, error);
  }
}
