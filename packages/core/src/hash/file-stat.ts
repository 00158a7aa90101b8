import { type BigIntStats, statSync } from "node:fs";
import { PivotError } from "../errors/pivot-error";
import { fsReason } from "../errors/fs-failure";

/**
 * What the hash cache keys on — (path, inode, mtimeNs, sizeBytes) — plus the file's type and mode.
 * Kept per path for a whole command, so only the mtime is a bigint (its nanoseconds are the key):
 * the inode as the hash cache stores it, the ctime as a plain stat reports it.
 */
export interface CacheStat {
  inode: number;
  mtimeNs: bigint;
  /** Status-change time (ms, with the fraction a plain stat gives): moves on every write and chmod; the up-to-date snapshot records it. */
  ctimeMs: number;
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

function statFailed(absPath: string, error: unknown): PivotError {
  return new PivotError("HASH_FAILED", `Cannot stat ${absPath}: ${fsReason(error)}`, {
    hint: "Check that the path exists and is readable.",
    cause: error,
  });
}

function toCacheStat(stat: BigIntStats): CacheStat {
  return {
    inode: Number(stat.ino),
    mtimeNs: stat.mtimeNs,
    ctimeMs: nsToStatMs(stat.ctimeNs),
    sizeBytes: Number(stat.size),
    isFile: stat.isFile(),
    isDir: stat.isDirectory(),
    mode: Number(stat.mode),
  };
}

/** Stat of a path (following symlinks) with nanosecond mtime, for hash cache lookups. */
export function statForCache(absPath: string): CacheStat {
  try {
    return toCacheStat(statSync(absPath, { bigint: true }));
  } catch (error) {
    throw statFailed(absPath, error);
  }
}

/**
 * Like statForCache, but undefined when the path (or its symlink target) does not exist. An absent
 * path costs no exception (outputs of a first run are all absent).
 */
export function statForCacheIfExists(absPath: string): CacheStat | undefined {
  let stat: BigIntStats | undefined;
  try {
    stat = statSync(absPath, { bigint: true, throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
    throw statFailed(absPath, error);
  }
  return stat === undefined ? undefined : toCacheStat(stat);
}

/** Milliseconds with the fraction exactly as `statSync(path).ctimeMs`/`mtimeMs` give them. */
export function nsToStatMs(ns: bigint): number {
  return Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;
}
