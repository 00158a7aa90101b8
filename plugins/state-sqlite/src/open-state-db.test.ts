import { Database } from "bun:sqlite";
import { afterEach, beforeEach, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PivotError } from "@pivot/core/internal";
import plugin from "./index";
import { SCHEMA_VERSION } from "./schema";
import { SqliteStateStore } from "./sqlite-state-store";

let dir: string;
let dbPath: string;
const opened: SqliteStateStore[] = [];

function open(options: ConstructorParameters<typeof SqliteStateStore>[1] = {}): SqliteStateStore {
  const store = new SqliteStateStore(dir, options);
  opened.push(store);
  return store;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "pivot-state-"));
  dbPath = join(dir, "state.db");
});

afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

const stat = { inode: 7, mtimeNs: 1732880000123456789n, sizeBytes: 3 };
const entry = { path: "/p/a.txt", ...stat, hash: "a".repeat(32) };

function thrown(fn: () => unknown): PivotError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PivotError) return error;
    throw error;
  }
  throw new Error("expected a PivotError");
}

test("the plugin registers the sqlite state backend", () => {
  expect(plugin.name).toBe("@pivot/plugin-state-sqlite");
  expect(plugin.state.name).toBe("sqlite");
  const store = plugin.state.open(join(dir, "nested", "state"));
  opened.push(store as SqliteStateStore);
  expect(store).toBeInstanceOf(SqliteStateStore);
  expect(existsSync(join(dir, "nested", "state", "state.db"))).toBe(true);
});

test("the DB is opened in WAL mode with the current schema version", () => {
  open();
  const db = new Database(dbPath);
  expect(db.query("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
  expect(db.query("PRAGMA user_version").get()).toEqual({ user_version: SCHEMA_VERSION });
  db.close();
});

test("reopening the same stateDir sees the data", () => {
  const first = open();
  first.putHashes([entry]);
  first.recordRun({ id: "r1", startedAtMs: 1, durationMs: 2, command: "repro", status: "ok", stages: [] });
  first.close();
  const second = open();
  expect(second.lookupHash(entry.path, stat)).toBe(entry.hash);
  expect(second.getRun("r1")?.command).toBe("repro");
  expect(second.recoveredFrom).toBeUndefined();
});

test("close checkpoints the WAL, is idempotent, and use after close is an error", () => {
  const store = open();
  store.putHashes([entry]);
  store.close();
  store.close();
  const wal = `${dbPath}-wal`;
  expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
  expect(thrown(() => store.getGeneration("x")).code).toBe("INTERNAL");
});

test("deleting state.db is safe: reopening gives an empty store", () => {
  const first = open();
  first.putHashes([entry]);
  first.close();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(dbPath + suffix, { force: true });
  const second = open();
  expect(second.lookupHash(entry.path, stat)).toBeUndefined();
  second.putHashes([entry]);
  expect(second.lookupHash(entry.path, stat)).toBe(entry.hash);
});

test("a garbage state.db is moved aside with its -wal and replaced by a fresh DB", () => {
  const garbage = "this is not a database\n".repeat(100);
  writeFileSync(dbPath, garbage);
  writeFileSync(`${dbPath}-wal`, "stale wal");
  const store = open();
  expect(store.recoveredFrom).toMatch(/state\.db\.corrupt-/);
  const movedTo = store.recoveredFrom ?? "";
  expect(readFileSync(movedTo, "utf8")).toBe(garbage);
  expect(readFileSync(`${movedTo}-wal`, "utf8")).toBe("stale wal");
  store.putHashes([entry]);
  expect(store.lookupHash(entry.path, stat)).toBe(entry.hash);
  expect(readdirSync(dir).filter((f) => f.includes(".corrupt-")).length).toBe(2);
});

test("a DB with the SQLite magic but a damaged header is recovered as well", () => {
  const first = open();
  first.putHashes([entry]);
  first.close();
  const bytes = readFileSync(dbPath);
  bytes.fill(0xff, 16, 100);
  writeFileSync(dbPath, bytes);
  const store = open();
  expect(store.recoveredFrom).toMatch(/state\.db\.corrupt-/);
  expect(store.lookupHash(entry.path, stat)).toBeUndefined();
  store.putHashes([entry]);
  expect(store.lookupHash(entry.path, stat)).toBe(entry.hash);
});

test("a write while another connection holds the DB locked fails with a clear error", () => {
  const store = open({ busyTimeoutMs: 50 });
  store.putHashes([entry]);
  const other = new Database(dbPath);
  other.run("BEGIN EXCLUSIVE");
  try {
    const error = thrown(() => store.bumpGenerations(["out/a"]));
    expect(error.code).toBe("STATE_DB_FAILED");
    expect(error.message).toContain("locked");
    expect(error.message).toContain(dbPath);
    expect(error.hint).toContain("deleting it is safe");
    expect(thrown(() => store.transaction(() => 1)).code).toBe("STATE_DB_FAILED");
    // WAL readers are not blocked by a writer.
    expect(store.lookupHash(entry.path, stat)).toBe(entry.hash);
  } finally {
    other.run("ROLLBACK");
    other.close();
  }
  store.bumpGenerations(["out/a"]);
  expect(store.getGeneration("out/a")).toBe(1);
});

test("a DB from an older schema version is rebuilt instead of crashing", () => {
  const old = new Database(dbPath, { create: true });
  old.run("CREATE TABLE hash_cache (path TEXT PRIMARY KEY, hash TEXT)");
  old.run("CREATE TABLE legacy_runs (id TEXT)");
  old.run("INSERT INTO hash_cache VALUES ('/p/a.txt', 'old')");
  old.close();
  const store = open();
  expect(store.lookupHash(entry.path, stat)).toBeUndefined();
  store.putHashes([entry]);
  expect(store.lookupHash(entry.path, stat)).toBe(entry.hash);
  const db = new Database(dbPath);
  expect(db.query("SELECT name FROM sqlite_master WHERE name = 'legacy_runs'").get()).toBeNull();
  expect(db.query("PRAGMA user_version").get()).toEqual({ user_version: SCHEMA_VERSION });
  db.close();
});

test("a version-1 DB is migrated in place: its run-cache entries and hashes stay, and gain a producer column", () => {
  const old = new Database(dbPath, { create: true });
  old.run("CREATE TABLE hash_cache (path TEXT PRIMARY KEY, inode INTEGER NOT NULL, mtime_ns TEXT NOT NULL, size INTEGER NOT NULL, hash TEXT NOT NULL)");
  old.run("CREATE TABLE generations (path TEXT PRIMARY KEY, gen INTEGER NOT NULL)");
  old.run("CREATE TABLE run_cache (stage TEXT NOT NULL, input_hash TEXT NOT NULL, outputs_json TEXT NOT NULL, run_id TEXT, created_at_ms INTEGER NOT NULL, PRIMARY KEY (stage, input_hash))");
  old.run("CREATE TABLE runs (id TEXT PRIMARY KEY, started_at_ms INTEGER NOT NULL, duration_ms INTEGER NOT NULL, command TEXT NOT NULL, status TEXT NOT NULL, stages_json TEXT NOT NULL)");
  old.run("CREATE TABLE remote_index (remote TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (remote, hash)) WITHOUT ROWID");
  old.run("CREATE TABLE kv (namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (namespace, key))");
  old.run(`INSERT INTO hash_cache VALUES ('${entry.path}', ${stat.inode}, '${stat.mtimeNs}', ${stat.sizeBytes}, '${entry.hash}')`);
  old.run(`INSERT INTO run_cache VALUES ('train', '${"a".repeat(32)}', '{"m.bin":"${"b".repeat(32)}"}', NULL, 5)`);
  old.run("PRAGMA user_version = 1");
  old.close();
  const store = open();
  expect(store.lookupHash(entry.path, stat)).toBe(entry.hash);
  expect(store.getRunCache("train", "a".repeat(32))).toEqual({ stage: "train", inputHash: "a".repeat(32), outputs: { "m.bin": "b".repeat(32) }, createdAtMs: 5 });
  const producer = { pivotVersion: "0.1.0", host: "h", user: "u" };
  store.putRunCache({ stage: "train", inputHash: "c".repeat(32), outputs: {}, createdAtMs: 6, producer });
  expect(store.getRunCache("train", "c".repeat(32))!.producer).toEqual(producer);
  const db = new Database(dbPath);
  expect(db.query("PRAGMA user_version").get()).toEqual({ user_version: SCHEMA_VERSION });
  db.close();
});

test("a DB stamped with an unknown newer version is rebuilt too", () => {
  open().putCached("ns", "k", "v");
  for (const store of opened.splice(0)) store.close();
  const db = new Database(dbPath);
  db.run(`PRAGMA user_version = ${SCHEMA_VERSION + 100}`);
  db.close();
  const store = open();
  expect(store.getCached("ns", "k")).toBeUndefined();
  store.putCached("ns", "k", "v2");
  expect(store.getCached("ns", "k")).toBe("v2");
});
