import { lstatSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { tempPathBeside } from "../fs/atomic-write";
import type { DirManifest } from "../hash/dir-manifest";
import { hashFile } from "../hash/hash-file";
import { isDirHash } from "../hash/hash-format";
import { mapWithConcurrency } from "../hash/map-with-concurrency";
import type { LinkMode } from "../project/config-schema";
import { hasObject } from "./cache-add";
import { cacheIoFailure, objectCorrupt, objectMissing } from "./cache-failure";
import { readManifestObject } from "./manifest-object";
import { objectPath } from "./object-path";
import { moveIntoPlace, placeObject, type PlaceState } from "./place-object";
import { removeOutput } from "./workspace-output";

export interface LinkFromCacheOptions {
  /** Link modes to try, in order (the `cache.link` config). */
  modes: readonly LinkMode[];
  /** Re-hash the object(s) first and refuse to place a corrupt one (CACHE_CORRUPT). */
  verify?: boolean;
  /** For a file hash: restore the file executable (0o755 copy). Directories use their manifest. */
  exec?: boolean;
}

/** Best-effort removal of a half-built temp file or folder; the original error is what matters. */
function discardTemp(temp: string): void {
  try {
    removeOutput(temp);
  } catch {
    // a leftover `.…tmp` is harmless; keep reporting the real failure
  }
}

/** Re-hashes a file object; throws CACHE_CORRUPT naming the hash and the target on mismatch. */
async function assertIntact(cacheDir: string, hash: string, purpose: string): Promise<void> {
  const actual = await hashFile(objectPath(cacheDir, hash));
  if (actual !== hash) throw objectCorrupt(hash, purpose, `its content hashes to ${actual}`);
}

function objectSize(cacheDir: string, hash: string, purpose: string): number {
  const stat = lstatSync(objectPath(cacheDir, hash), { throwIfNoEntry: false });
  if (!stat) throw objectMissing(hash, purpose);
  if (!stat.isFile()) throw objectCorrupt(hash, purpose, "it is not a regular file");
  return stat.size;
}

async function linkFile(cacheDir: string, hash: string, absTarget: string, options: LinkFromCacheOptions): Promise<LinkMode> {
  const purpose = `for ${absTarget}`;
  const sizeBytes = objectSize(cacheDir, hash, purpose);
  if (options.verify) await assertIntact(cacheDir, hash, purpose);
  const temp = tempPathBeside(absTarget);
  try {
    mkdirSync(dirname(absTarget), { recursive: true });
    const state: PlaceState = { unsupported: new Set() };
    const mode = placeObject(objectPath(cacheDir, hash), temp, { ...options, sizeBytes, exec: options.exec ?? false, state });
    moveIntoPlace(temp, absTarget, false);
    return mode;
  } catch (error) {
    discardTemp(temp);
    throw cacheIoFailure(`restore ${absTarget}`, error);
  }
}

/** Throws before anything is written when a listed file object is missing or (with verify) corrupt. */
async function checkDirObjects(cacheDir: string, hash: string, manifest: DirManifest, absTarget: string, verify: boolean): Promise<void> {
  for (const entry of manifest.entries) {
    if (!hasObject(cacheDir, entry.hash)) throw objectMissing(entry.hash, `for ${join(absTarget, entry.path)} (in ${hash})`);
  }
  if (!verify) return;
  const unique = [...new Map(manifest.entries.map((e) => [e.hash, e])).values()];
  await mapWithConcurrency(unique, 4, (e) => assertIntact(cacheDir, e.hash, `for ${join(absTarget, e.path)} (in ${hash})`));
}

async function linkDirectory(cacheDir: string, hash: string, absTarget: string, options: LinkFromCacheOptions): Promise<LinkMode> {
  const verify = options.verify ?? false;
  const manifest = await readManifestObject(cacheDir, hash, { verify, purpose: `for ${absTarget}` });
  await checkDirObjects(cacheDir, hash, manifest, absTarget, verify);
  const temp = tempPathBeside(absTarget);
  const state: PlaceState = { unsupported: new Set() };
  const used = new Set<LinkMode>();
  try {
    mkdirSync(temp, { recursive: true, mode: 0o755 });
    const made = new Set<string>([temp]);
    for (const entry of manifest.entries) {
      const dest = join(temp, ...entry.path.split("/"));
      const folder = dirname(dest);
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true, mode: 0o755 });
        made.add(folder);
      }
      const object = objectPath(cacheDir, entry.hash);
      const mode = placeObject(object, dest, { modes: options.modes, sizeBytes: entry.size, exec: entry.exec, state });
      if (entry.size > 0) used.add(mode);
    }
    moveIntoPlace(temp, absTarget, true);
  } catch (error) {
    discardTemp(temp);
    throw cacheIoFailure(`restore ${absTarget}`, error);
  }
  return options.modes.find((m) => used.has(m)) ?? [...used][0] ?? "copy";
}

/**
 * Places a cached file or directory at `absTarget`, trying `modes` in order (reflink, hardlink,
 * symlink, copy — the first that works wins, per file). The result is built beside the target and
 * renamed into place, so a failure or crash leaves the old target untouched. Returns the mode used;
 * for a directory, the most preferred mode used by any non-empty file ("copy" if all are empty).
 */
export async function linkFromCache(
  cacheDir: string,
  hash: string,
  absTarget: string,
  options: LinkFromCacheOptions,
): Promise<LinkMode> {
  return isDirHash(hash) ? linkDirectory(cacheDir, hash, absTarget, options) : linkFile(cacheDir, hash, absTarget, options);
}
