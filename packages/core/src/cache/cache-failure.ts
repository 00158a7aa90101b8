import { PivotError, type PivotErrorCode } from "../errors/pivot-error";
import { fsReason } from "../errors/fs-failure";

/**
 * Code for a cache or workspace write that failed for a file-system reason (disk full, no
 * permission).
 */
export const CACHE_IO_CODE: PivotErrorCode = "CACHE_IO_FAILED";

/** A cache or workspace write failed (`action` says what, e.g. "write cache object abc…"). */
export function cacheIoFailure(action: string, error: unknown): PivotError {
  if (error instanceof PivotError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const hint =
    code === "ENOSPC" || code === "EDQUOT"
      ? "Free some disk space (`pivot gc` removes unused cache objects) and try again."
      : code === "EACCES" || code === "EPERM" || code === "EROFS"
        ? "Make the cache and output folders writable by the user running pivot."
        : "Check the cache folder and try again.";
  return new PivotError(CACHE_IO_CODE, `Cannot ${action}: ${fsReason(error)}`, { hint, cause: error });
}

/** The object is not in the cache. */
export function objectMissing(hash: string, purpose: string): PivotError {
  return new PivotError("CACHE_MISSING", `Cache object ${hash} ${purpose} is missing`, {
    hint: "Fetch it from a remote (`pivot fetch`) or re-run the stage that produces it.",
  });
}

/** The object's content does not match its hash. */
export function objectCorrupt(hash: string, purpose: string, detail: string): PivotError {
  return new PivotError("CACHE_CORRUPT", `Cache object ${hash} ${purpose} is corrupt: ${detail}`, {
    hint: "Remove the damaged object and fetch it again (`pivot fetch`), or re-run the stage that produces it.",
  });
}
