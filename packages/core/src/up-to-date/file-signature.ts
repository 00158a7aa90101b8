import { type Stats, statSync } from "node:fs";
import { type CacheStat, nsToStatMs } from "../hash/file-stat";

/**
 * What a file or folder looked like when an up-to-date snapshot was taken: absolute path, then
 * mtime, ctime (ms with sub-µs fraction), inode and size — or the path alone when it did not exist.
 * ctime changes on every write and chmod and cannot be set back by tools like `touch -d`.
 */
export type FileSignature = [path: string, mtimeMs: number, ctimeMs: number, inode: number, size: number] | [path: string];

/** A signature that never holds: for a path that could not be stat'ed or listed (no permission). */
export function neverHolds(absPath: string): FileSignature {
  return [absPath, Number.NaN, Number.NaN, Number.NaN, Number.NaN];
}

/** The signature of a plain stat of a path, or of its absence. */
export function signatureOfStat(absPath: string, stat: Stats | undefined): FileSignature {
  return stat ? [absPath, stat.mtimeMs, stat.ctimeMs, stat.ino, stat.size] : [absPath];
}

/**
 * The signature of a file as a command's check stat'ed it (the content it judged): what a plain
 * stat would have given then; null: it was absent. Undefined for a folder (folders are listed afresh).
 */
export function signatureOfCacheStat(absPath: string, stat: CacheStat | null): FileSignature | undefined {
  if (stat === null) return [absPath];
  if (stat.isDir) return undefined;
  return [absPath, nsToStatMs(stat.mtimeNs), stat.ctimeMs, stat.inode, stat.sizeBytes];
}

/** The signature of a path as it is now (following symlinks), and whether it is a folder. */
export function statSignature(absPath: string): { signature: FileSignature; isFolder: boolean } {
  let stat;
  try {
    stat = statSync(absPath, { throwIfNoEntry: false });
  } catch {
    return { signature: neverHolds(absPath), isFolder: false };
  }
  return { signature: signatureOfStat(absPath, stat), isFolder: stat?.isDirectory() === true };
}

/** The signature of a path as it is now (see statSignature). */
export function signatureOf(absPath: string): FileSignature {
  return statSignature(absPath).signature;
}

/** Whether the path still looks exactly as recorded (present with the same stat, or still absent). */
export function signatureHolds(recorded: FileSignature): boolean {
  let stat;
  try {
    stat = statSync(recorded[0], { throwIfNoEntry: false });
  } catch {
    return false;
  }
  if (recorded.length === 1) return stat === undefined;
  return stat !== undefined && stat.mtimeMs === recorded[1] && stat.ctimeMs === recorded[2] && stat.ino === recorded[3] && stat.size === recorded[4];
}
