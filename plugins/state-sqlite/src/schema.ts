import type { Database } from "bun:sqlite";

/**
 * Version of the tables below, stored in `PRAGMA user_version`. Bump it whenever a table changes.
 *
 * Migration rule: the state DB is a cache (deleting it only costs re-hashing and history). A step in
 * MIGRATIONS brings a DB of the version before it up by one (keeping its rows); a DB of any other
 * older, newer or unknown version has every table dropped and recreated. An old DB never crashes
 * pivot; at worst it is rebuilt.
 */
export const SCHEMA_VERSION = 2;

/** `MIGRATIONS[v]` turns a DB of version `v` into one of `v + 1`. */
const MIGRATIONS: Record<number, readonly string[]> = {
  // 2: run-cache entries name who made them (pivot version, host, user, git commit).
  1: ["ALTER TABLE run_cache ADD COLUMN producer_json TEXT"],
};

/** The tables of SCHEMA_VERSION. `mtime_ns` is TEXT: nanosecond mtimes exceed 2^53. */
export const SCHEMA_DDL: readonly string[] = [
  `CREATE TABLE hash_cache (
    path TEXT PRIMARY KEY,
    inode INTEGER NOT NULL,
    mtime_ns TEXT NOT NULL,
    size INTEGER NOT NULL,
    hash TEXT NOT NULL
  )`,
  `CREATE TABLE generations (
    path TEXT PRIMARY KEY,
    gen INTEGER NOT NULL
  )`,
  `CREATE TABLE run_cache (
    stage TEXT NOT NULL,
    input_hash TEXT NOT NULL,
    outputs_json TEXT NOT NULL,
    run_id TEXT,
    created_at_ms INTEGER NOT NULL,
    producer_json TEXT,
    PRIMARY KEY (stage, input_hash)
  )`,
  `CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    started_at_ms INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    command TEXT NOT NULL,
    status TEXT NOT NULL,
    stages_json TEXT NOT NULL
  )`,
  `CREATE INDEX runs_by_start ON runs (started_at_ms)`,
  `CREATE TABLE remote_index (
    remote TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (remote, hash)
  ) WITHOUT ROWID`,
  `CREATE TABLE kv (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (namespace, key)
  )`,
];

function readUserVersion(db: Database): number {
  const row = db.query<{ user_version: number }, []>("PRAGMA user_version").get();
  return row?.user_version ?? 0;
}

/** Drops every table (whatever an older version called them) and creates the current ones. */
function rebuildSchema(db: Database): void {
  const tables = db
    .query<{ name: string }, []>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .all();
  for (const { name } of tables) db.run(`DROP TABLE IF EXISTS "${name.replaceAll('"', '""')}"`);
  for (const ddl of SCHEMA_DDL) db.run(ddl);
  db.run(`PRAGMA user_version = ${SCHEMA_VERSION}`);
}

/**
 * Makes the DB hold the tables of SCHEMA_VERSION. The common case (already current) is one read;
 * otherwise the version is re-checked under a write lock so two processes opening a fresh DB at
 * once rebuild it only once.
 */
export function ensureSchema(db: Database): void {
  if (readUserVersion(db) === SCHEMA_VERSION) return;
  db.transaction(() => {
    let version = readUserVersion(db);
    while (version < SCHEMA_VERSION && version > 0 && MIGRATIONS[version]) {
      for (const statement of MIGRATIONS[version]!) db.run(statement);
      version += 1;
      db.run(`PRAGMA user_version = ${version}`);
    }
    if (version !== SCHEMA_VERSION) rebuildSchema(db);
  }).immediate();
}
