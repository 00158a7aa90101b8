import { statSync } from "node:fs";
import { PivotError } from "../errors/pivot-error";
import { fsReason } from "../errors/fs-failure";

/** What the hash cache keys on — (path, inode, mtimeNs, sizeBytes) — plus the file's type and mode. */
export interface CacheStat {
  inode: bigint;
  mtimeNs: bigint;
  sizeBytes: number;
  isFile: boolean;
  isDir: boolean;
  /** Full st_mode (type and permission bits). */
  mode: number;
}

/** True when any executable bit (user, group or other) is set in a mode. */
export function isExecutableMode(mode: number): boolean {
  return (mode & 0o111) !== 0;
}

/** Stat of a path (following symlinks) with nanosecond mtime, for hash cache lookups. */
export function statForCache(absPath: string): CacheStat {
  let stat;
  try {
    stat = statSync(absPath, { bigint: true });
  } catch (error) {
    throw new PivotError("HASH_FAILED", `Cannot stat ${absPath}: ${fsReason(error)}`, {
      hint: "Check that the path exists and is readable.",
      cause: error,
    });
  }
  return {
    inode: stat.ino,
    mtimeNs: stat.mtimeNs,
    sizeBytes: Number(stat.size),
    isFile: stat.isFile(),
    isDir: stat.isDirectory(),
    mode: Number(stat.mode),
  };
}

/** Like statForCache, but undefined when the path (or its symlink target) does not exist. */
export function statForCacheIfExists(absPath: string): CacheStat | undefined {
  try {
    return statForCache(absPath);
  } catch (error) {
    const code = ((error as PivotError).cause as NodeJS.ErrnoException | undefined)?.code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw error;
  }
}
