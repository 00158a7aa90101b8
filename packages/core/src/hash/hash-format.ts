/** Name of the content hash, recorded in every lock file so it can change later. */
export const HASH_ALGORITHM = "xxh3-128";

/** Suffix of a directory hash: the hash of its canonical manifest, marked as a tree. */
export const DIR_HASH_SUFFIX = ".dir";

const FILE_HASH = /^[0-9a-f]{32}$/;
const ANY_HASH = /^[0-9a-f]{32}(\.dir)?$/;

/** True for a file content hash: 32 lowercase hex characters. */
export function isFileHash(value: string): boolean {
  return FILE_HASH.test(value);
}

/** True for a file hash or a directory hash (`<32 hex>.dir`). */
export function isValidHash(value: string): boolean {
  return ANY_HASH.test(value);
}

/** True when the hash names a directory manifest. */
export function isDirHash(hash: string): boolean {
  return hash.endsWith(DIR_HASH_SUFFIX);
}

/** The 32-hex content hash of an object, without the `.dir` suffix. */
export function contentHashOf(hash: string): string {
  return isDirHash(hash) ? hash.slice(0, -DIR_HASH_SUFFIX.length) : hash;
}
