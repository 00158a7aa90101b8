import { join } from "node:path";
import { PivotError } from "../errors/pivot-error";
import { isValidHash } from "../hash/hash-format";

/** Folder of all objects inside a cache: `<cacheDir>/files`. */
export function objectsDir(cacheDir: string): string {
  return join(cacheDir, "files");
}

/** Throws CACHE_CORRUPT unless `hash` is 32 lowercase hex, optionally followed by `.dir`. */
export function assertValidHash(hash: string, where = "cache"): void {
  if (!isValidHash(hash)) {
    throw new PivotError("CACHE_CORRUPT", `Invalid object hash ${JSON.stringify(hash)} in ${where}`, {
      hint: "Hashes are 32 lowercase hex characters (plus '.dir' for folders); check the lock file for damage.",
    });
  }
}

/** Where an object lives: `<cacheDir>/files/<h[0:2]>/<h[2:]>` (a `.dir` hash keeps its suffix). */
export function objectPath(cacheDir: string, hash: string): string {
  assertValidHash(hash);
  return join(objectsDir(cacheDir), hash.slice(0, 2), hash.slice(2));
}
