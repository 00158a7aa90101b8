import { lstatSync, readFileSync } from "node:fs";
import { writeFileAtomic } from "../fs/atomic-write";
import { parseManifest, serializeManifest, type DirManifest } from "../hash/dir-manifest";
import { hashBytes } from "../hash/hash-file";
import { DIR_HASH_SUFFIX, contentHashOf, isDirHash } from "../hash/hash-format";
import { cacheIoFailure, objectCorrupt, objectMissing } from "./cache-failure";
import { objectPath } from "./object-path";

/** Stores a manifest as the object `<hash>.dir` (read-only, atomic) and returns that hash. */
export async function writeManifestObject(cacheDir: string, manifest: DirManifest): Promise<string> {
  const bytes = serializeManifest(manifest);
  const hash = `${await hashBytes(bytes)}${DIR_HASH_SUFFIX}`;
  const path = objectPath(cacheDir, hash);
  const existing = lstatSync(path, { throwIfNoEntry: false });
  if (existing?.isFile() && existing.size === Buffer.byteLength(bytes)) return hash;
  try {
    writeFileAtomic(path, bytes, 0o444);
  } catch (error) {
    throw cacheIoFailure(`write cache object ${hash}`, error);
  }
  return hash;
}

/**
 * Reads and parses the manifest object of a `.dir` hash. Throws CACHE_MISSING when absent and
 * CACHE_CORRUPT when it does not parse or (with `verify`) its bytes do not match the hash.
 * `purpose` completes messages: "for models/ ".
 */
export async function readManifestObject(
  cacheDir: string,
  hash: string,
  options: { verify?: boolean; purpose?: string } = {},
): Promise<DirManifest> {
  const purpose = options.purpose ?? "";
  if (!isDirHash(hash)) throw objectCorrupt(hash, purpose, "not a directory hash");
  let bytes: Buffer;
  try {
    bytes = readFileSync(objectPath(cacheDir, hash));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw objectMissing(hash, purpose);
    throw objectCorrupt(hash, purpose, `cannot be read (${(error as Error).message})`);
  }
  if (options.verify && (await hashBytes(bytes)) !== contentHashOf(hash)) {
    throw objectCorrupt(hash, purpose, "its content does not match its hash");
  }
  return parseManifest(bytes, hash);
}
