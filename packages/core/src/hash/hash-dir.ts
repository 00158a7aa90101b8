import { readdirSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { PivotError } from "../errors/pivot-error";
import { comparePaths, serializeManifest, type DirManifest } from "./dir-manifest";
import { isExecutableMode, statForCache, statForCacheIfExists, type CacheStat } from "./file-stat";
import { hashReadFailure } from "./hash-failure";
import { hashBytes, hashFile } from "./hash-file";
import { DIR_HASH_SUFFIX } from "./hash-format";
import { DEFAULT_HASH_CONCURRENCY, type HashProgress } from "./hash-many";
import { mapWithConcurrency } from "./map-with-concurrency";

/** Name of pivot's state folder; never part of a directory's content. */
export const STATE_DIR_NAME = ".pivot";

/** Hashes one file of a directory; the stat lets a caller look the file up in a hash cache first. */
export type HashOne = (absPath: string, stat: CacheStat) => Promise<string> | string;

/** A file found inside a directory output. */
export interface DirFile {
  /** POSIX path relative to the directory. */
  path: string;
  absPath: string;
  /** Stat of the file (of the link target for a symlink). */
  stat: CacheStat;
}

export interface BuildDirManifestOptions {
  /** Files hashed at once (default 4). */
  concurrency?: number;
  /** Called after every hashed file (bytes advance per file here, not per chunk). */
  onProgress?: (progress: HashProgress) => void;
}

function walkFailure(absPath: string, problem: string, hint: string): PivotError {
  return new PivotError("HASH_FAILED", `Cannot hash ${absPath}: ${problem}`, { hint });
}

/**
 * The symlink rule. A symlink inside a directory is followed when it points to a regular file
 * (anywhere): the file is recorded, hashed and cached as a regular file with the content it points
 * to, so the output restores as real files. A symlink to a directory (which could loop or pull a
 * whole tree in unnoticed) and a dangling symlink are errors naming the link.
 */
function statSymlink(absPath: string): CacheStat {
  let target = "?";
  try {
    target = readlinkSync(absPath);
  } catch {
    // keep "?" — the stat below reports the real problem
  }
  const stat = statForCacheIfExists(absPath);
  if (!stat) {
    throw walkFailure(absPath, `dangling symlink (points to ${target})`, "Remove the link or create what it points to.");
  }
  if (!stat.isFile) {
    throw walkFailure(
      absPath,
      `symlink to a ${stat.isDir ? "directory" : "non-file"} (${target}) inside a directory output`,
      "Only symlinks to files are followed; replace the link by a copy, or declare the linked folder separately.",
    );
  }
  return stat;
}

/**
 * Every file below `absDir`, sorted by relative POSIX path (code-unit order). Entries named
 * `.pivot` are skipped at any depth; empty folders contribute nothing.
 */
export function listDirFiles(absDir: string): DirFile[] {
  const root = statForCache(absDir);
  if (!root.isDir) throw walkFailure(absDir, "not a directory", "Declare it as a file output, or remove the trailing '/'.");
  const files: DirFile[] = [];
  const pending: { absPath: string; path: string }[] = [{ absPath: absDir, path: "" }];
  for (let folder = pending.pop(); folder; folder = pending.pop()) {
    let dirents;
    try {
      dirents = readdirSync(folder.absPath, { withFileTypes: true });
    } catch (error) {
      throw hashReadFailure(folder.absPath, error);
    }
    for (const dirent of dirents) {
      if (dirent.name === STATE_DIR_NAME) continue;
      const absPath = join(folder.absPath, dirent.name);
      const path = folder.path === "" ? dirent.name : `${folder.path}/${dirent.name}`;
      if (dirent.isDirectory()) {
        pending.push({ absPath, path });
      } else if (dirent.isSymbolicLink()) {
        files.push({ path, absPath, stat: statSymlink(absPath) });
      } else if (dirent.isFile()) {
        files.push({ path, absPath, stat: statForCache(absPath) });
      } else {
        throw walkFailure(absPath, "not a regular file, folder or symlink", "Remove it from the output folder.");
      }
    }
  }
  return files.sort((a, b) => comparePaths(a.path, b.path));
}

/**
 * The manifest of a directory. `hashOne` hashes each file (default: stream it); pass a function
 * that consults the hash cache to skip unchanged files.
 */
export async function buildDirManifest(
  absDir: string,
  hashOne: HashOne = (absPath) => hashFile(absPath),
  options: BuildDirManifestOptions = {},
): Promise<DirManifest> {
  const files = listDirFiles(absDir);
  const progress: HashProgress = { doneFiles: 0, totalFiles: files.length, doneBytes: 0, totalBytes: 0 };
  for (const file of files) progress.totalBytes += file.stat.sizeBytes;
  options.onProgress?.({ ...progress });
  const concurrency = options.concurrency ?? DEFAULT_HASH_CONCURRENCY;
  const entries = await mapWithConcurrency(files, concurrency, async (file) => {
    const hash = await hashOne(file.absPath, file.stat);
    progress.doneFiles += 1;
    progress.doneBytes += file.stat.sizeBytes;
    options.onProgress?.({ ...progress });
    return { path: file.path, hash, size: file.stat.sizeBytes, exec: isExecutableMode(file.stat.mode) };
  });
  return { version: 1, entries };
}

/** The directory hash of a manifest: XXH3-128 of its canonical bytes, plus `.dir`. */
export async function manifestHash(manifest: DirManifest): Promise<string> {
  return `${await hashBytes(serializeManifest(manifest))}${DIR_HASH_SUFFIX}`;
}

/** The directory hash (`<32 hex>.dir`) of a folder on disk. */
export async function hashDirectory(absDir: string, options: BuildDirManifestOptions = {}): Promise<string> {
  return manifestHash(await buildDirManifest(absDir, undefined, options));
}
