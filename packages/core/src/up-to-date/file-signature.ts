import { statSync } from "node:fs";

/**
 * What a file or folder looked like when an up-to-date snapshot was taken: absolute path, then
 * mtime, ctime (ms with sub-µs fraction), inode and size — or the path alone when it did not exist.
 * ctime changes on every write and chmod and cannot be set back by tools like `touch -d`.
 */
export type FileSignature = [path: string, mtimeMs: number, ctimeMs: number, inode: number, size: number] | [path: string];

/**
 * The signature of a path as it is now (following symlinks). A path that cannot be stat'ed for
 * another reason than not existing (no permission) gets a signature that never holds.
 */
export function signatureOf(absPath: string): FileSignature {
  let stat;
  try {
    stat = statSync(absPath, { throwIfNoEntry: false });
  } catch {
    return [absPath, Number.NaN, Number.NaN, Number.NaN, Number.NaN];
  }
  return stat ? [absPath, stat.mtimeMs, stat.ctimeMs, stat.ino, stat.size] : [absPath];
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
