import { errorMessage, PivotError } from "@pivot/core/plugin";

/** The SQLite result code name of an error thrown by bun:sqlite (`SQLITE_BUSY`, …), if any. */
function sqliteCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("SQLITE_") ? code : undefined;
}

/** Whether `error` was thrown by SQLite itself (as opposed to code running in a transaction). */
export function isSqliteError(error: unknown): boolean {
  return sqliteCode(error) !== undefined;
}

/** The file is not a database or its pages are damaged: move it aside and start over. */
export function isCorruptError(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB");
}

/** Another connection held the lock past the busy timeout. */
export function isBusyError(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

/** The PivotError to throw for any failure of the state DB at `dbPath`. */
export function stateDbError(dbPath: string, error: unknown): PivotError {
  if (error instanceof PivotError) return error;
  if (isBusyError(error)) {
    return new PivotError("STATE_DB_FAILED", `State DB ${dbPath} is locked by another process`, {
      hint: `Wait for the other pivot command to finish, or remove ${dbPath} if no pivot is running (it is a cache; deleting it is safe).`,
      cause: error,
    });
  }
  const code = sqliteCode(error);
  return new PivotError(
    "STATE_DB_FAILED",
    `State DB ${dbPath} failed: ${errorMessage(error)}${code === undefined ? "" : ` (${code})`}`,
    {
      hint: `If this persists, remove ${dbPath} (it is a cache; deleting it is safe).`,
      cause: error,
    },
  );
}
