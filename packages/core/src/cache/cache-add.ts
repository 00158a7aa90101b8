import { chmodSync, constants, lstatSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { copyFile, open } from "node:fs/promises";
import { dirname, join } from "node:path";
import { syncFile } from "../fs/durability";
import { PivotError } from "../errors/pivot-error";
import { tempPathBeside } from "../fs/atomic-write";
import { type DirManifest } from "../hash/dir-manifest";
import { statForCache } from "../hash/file-stat";
import { buildDirManifest } from "../hash/hash-dir";
import { hashFile } from "../hash/hash-file";
import { mapWithConcurrency } from "../hash/map-with-concurrency";
import { cacheIoFailure } from "./cache-failure";
import { writeManifestObject } from "./manifest-object";
import { isSealed, sealObjectTime } from "./object-seal";
import { objectPath, objectsDir } from "./object-path";

/** Mode of every cache object: read-only for everyone. */
export const OBJECT_MODE = 0o444;

/** True when an object for `hash` is present (its content is not checked; see verifyObject). */
export function hasObject(cacheDir: string, hash: string): boolean {
  try {
    return lstatSync(objectPath(cacheDir, hash)).isFile();
  } catch {
    return false;
  }
}

/**
 * True when a regular file of the expected size is already stored at `path` and still sealed (not
 * written to since it was stored, e.g. through a hardlinked output by root; see object-seal.ts).
 */
function presentWithSize(path: string, sizeBytes: number): boolean {
  try {
    const stat = lstatSync(path);
    return stat.isFile() && stat.size === sizeBytes && isSealed(stat);
  } catch {
    return false;
  }
}

/** Copies `src` to `temp` (a reflink where the file system can), flushes it and makes it read-only. */
async function copyToSealedTemp(src: string, temp: string): Promise<void> {
  await copyFile(src, temp, constants.COPYFILE_FICLONE);
  await syncFile(temp);
  sealObjectTime(temp);
  chmodSync(temp, OBJECT_MODE);
}

/** Renames a sealed temp file onto its object path (replacing a damaged object, if any). */
function publish(temp: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true });
  if (lstatSync(target, { throwIfNoEntry: false })?.isDirectory()) rmSync(target, { recursive: true, force: true });
  renameSync(temp, target);
}

/**
 * Stores a file's content as an object and returns its hash. With `hash`, the caller vouches for
 * it (it just hashed the file) and the copy goes straight to the object path. Without, the file
 * is first copied into the cache and the copy is hashed, so the object always matches its name
 * even if the source changes meanwhile. An object already present with the right size is kept
 * (a no-op); a wrong-sized one is replaced.
 */
export async function addFileToCache(cacheDir: string, absPath: string, hash?: string): Promise<string> {
  const { sizeBytes, isFile } = statForCache(absPath);
  if (!isFile) {
    throw new PivotError("HASH_FAILED", `Cannot add ${absPath} to the cache: it is not a regular file`, {
      hint: "Add folders with addDirectoryToCache.",
    });
  }
  if (hash !== undefined && presentWithSize(objectPath(cacheDir, hash), sizeBytes)) return hash;
  const temp = hash === undefined ? tempPathBeside(join(objectsDir(cacheDir), "incoming")) : tempPathBeside(objectPath(cacheDir, hash));
  try {
    mkdirSync(dirname(temp), { recursive: true });
    await copyToSealedTemp(absPath, temp);
    const finalHash = hash ?? (await hashFile(temp));
    const target = objectPath(cacheDir, finalHash);
    if (hash === undefined && presentWithSize(target, sizeBytes)) {
      rmSync(temp, { force: true });
    } else {
      publish(temp, target);
    }
    return finalHash;
  } catch (error) {
    rmSync(temp, { force: true });
    throw cacheIoFailure(`add ${absPath} to the cache ${cacheDir}`, error);
  }
}

/** Files copied into the cache at once while adding a directory. */
const ADD_CONCURRENCY = 8;

/**
 * Stores every file of a directory plus its manifest (written last, so a present manifest means
 * its files were stored) and returns the directory hash (`….dir`). Without `manifest`, the
 * directory is hashed first.
 */
export async function addDirectoryToCache(cacheDir: string, absDir: string, manifest?: DirManifest): Promise<string> {
  const tree = manifest ?? (await buildDirManifest(absDir));
  await mapWithConcurrency(tree.entries, ADD_CONCURRENCY, (entry) =>
    addFileToCache(cacheDir, join(absDir, ...entry.path.split("/")), entry.hash),
  );
  return writeManifestObject(cacheDir, tree);
}
