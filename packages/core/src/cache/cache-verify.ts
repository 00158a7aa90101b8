import { lstatSync } from "node:fs";
import { PivotError } from "../errors/pivot-error";
import { hashFile } from "../hash/hash-file";
import { isDirHash } from "../hash/hash-format";
import { mapWithConcurrency } from "../hash/map-with-concurrency";
import { hasObject } from "./cache-add";
import { readManifestObject } from "./manifest-object";
import { objectPath } from "./object-path";

export type VerifyResult = { ok: true } | { ok: false; problem: "missing" | "corrupt"; detail: string };

export interface VerifyOptions {
  /** For a `.dir` object, also re-hash every file object it lists (default: only check they exist). */
  deep?: boolean;
}

const MAX_NAMED = 3;

function listSome(paths: string[]): string {
  const named = paths.slice(0, MAX_NAMED).join(", ");
  return paths.length > MAX_NAMED ? `${named} and ${paths.length - MAX_NAMED} more` : named;
}

/** Re-hashes a file object and compares it with its name. */
async function verifyFileObject(cacheDir: string, hash: string): Promise<VerifyResult> {
  const path = objectPath(cacheDir, hash);
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (!stat) return { ok: false, problem: "missing", detail: `no object at ${path}` };
  if (!stat.isFile()) return { ok: false, problem: "corrupt", detail: `${path} is not a regular file` };
  try {
    const actual = await hashFile(path);
    if (actual === hash) return { ok: true };
    return { ok: false, problem: "corrupt", detail: `content hashes to ${actual}` };
  } catch (error) {
    return { ok: false, problem: "corrupt", detail: (error as Error).message };
  }
}

/** Checks a manifest object: its bytes match its hash, it parses, and its files are present (or intact with `deep`). */
async function verifyDirObject(cacheDir: string, hash: string, deep: boolean): Promise<VerifyResult> {
  if (!hasObject(cacheDir, hash)) return { ok: false, problem: "missing", detail: `no object at ${objectPath(cacheDir, hash)}` };
  let manifest;
  try {
    manifest = await readManifestObject(cacheDir, hash, { verify: true });
  } catch (error) {
    if (error instanceof PivotError && error.code === "CACHE_CORRUPT") return { ok: false, problem: "corrupt", detail: error.message };
    throw error;
  }
  const missing = manifest.entries.filter((e) => !hasObject(cacheDir, e.hash)).map((e) => e.path);
  if (missing.length > 0) return { ok: false, problem: "missing", detail: `file objects missing for ${listSome(missing)}` };
  if (!deep) return { ok: true };
  const results = await mapWithConcurrency(manifest.entries, 4, (e) => verifyFileObject(cacheDir, e.hash));
  const damaged = manifest.entries.filter((_, i) => !results[i]?.ok).map((e) => e.path);
  if (damaged.length > 0) return { ok: false, problem: "corrupt", detail: `file objects corrupt for ${listSome(damaged)}` };
  return { ok: true };
}

/**
 * Checks one object without trusting it: a file object is re-hashed; a `.dir` object is re-hashed
 * and parsed, and every file it lists must exist (`deep`: must also re-hash correctly).
 */
export async function verifyObject(cacheDir: string, hash: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  return isDirHash(hash) ? verifyDirObject(cacheDir, hash, options.deep ?? false) : verifyFileObject(cacheDir, hash);
}
