import { chmodSync, constants, copyFileSync, lstatSync, readdirSync, realpathSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync } from "node:fs";
import { join, sep } from "node:path";
import { tempPathBeside } from "../fs/atomic-write";
import { cacheIoFailure } from "./cache-failure";
import { objectsDir } from "./object-path";

/** Deletes a file, symlink or folder tree without following symlinks; only folders are ever chmod-ed. */
function removeTree(absPath: string): void {
  const stat = lstatSync(absPath);
  if (!stat.isDirectory()) {
    unlinkSync(absPath);
    return;
  }
  if ((stat.mode & 0o700) !== 0o700) chmodSync(absPath, (stat.mode & 0o7777) | 0o700);
  for (const name of readdirSync(absPath)) removeTree(join(absPath, name));
  rmdirSync(absPath);
}

/**
 * Deletes a workspace output (file, symlink or folder) without following symlinks and without
 * chmod-ing files, so cache objects reachable through hardlinks or symlinks stay read-only and
 * intact. Returns false when nothing was there.
 */
export function removeOutput(absPath: string): boolean {
  if (!lstatSync(absPath, { throwIfNoEntry: false })) return false;
  try {
    removeTree(absPath);
  } catch (error) {
    throw cacheIoFailure(`remove ${absPath}`, error);
  }
  return true;
}

export interface BreakLinkOptions {
  /** Only symlinks resolving into this cache are replaced; without it, every symlink to a file is. */
  cacheDir?: string;
}

function isIntoCache(absLink: string, cacheDir: string | undefined): boolean {
  if (cacheDir === undefined) return true;
  try {
    const files = realpathSync(objectsDir(cacheDir));
    return realpathSync(absLink).startsWith(files + sep);
  } catch {
    return false;
  }
}

/** Replaces one linked file by an independent copy with the same permissions plus owner-write. */
function replaceByCopy(absPath: string, mode: number): void {
  const temp = tempPathBeside(absPath);
  try {
    copyFileSync(absPath, temp, constants.COPYFILE_FICLONE);
    chmodSync(temp, (mode & 0o777) | 0o200);
    renameSync(temp, absPath);
  } catch (error) {
    rmSync(temp, { force: true });
    throw cacheIoFailure(`make ${absPath} an independent copy`, error);
  }
}

function breakOne(absPath: string, options: BreakLinkOptions): number {
  const stat = lstatSync(absPath, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (stat.isDirectory()) {
    let count = 0;
    for (const name of readdirSync(absPath)) count += breakOne(join(absPath, name), options);
    return count;
  }
  if (stat.isSymbolicLink()) {
    const target = statSync(absPath, { throwIfNoEntry: false });
    if (!target?.isFile() || !isIntoCache(absPath, options.cacheDir)) return 0;
    replaceByCopy(absPath, target.mode);
    return 1;
  }
  if (stat.isFile() && stat.nlink > 1) {
    replaceByCopy(absPath, stat.mode);
    return 1;
  }
  return 0;
}

/**
 * Makes a workspace output safe to write: every hardlinked file (nlink > 1) and every symlink to a
 * file (into the cache, with `cacheDir`) below `absPath` becomes an independent writable copy, so
 * writing through it can never alter a cache object. Returns how many files were replaced.
 */
export function breakLink(absPath: string, options: BreakLinkOptions = {}): number {
  return breakOne(absPath, options);
}
