import { lstatSync, readdirSync, rmdirSync } from "node:fs";
import { join } from "node:path";
import { isValidHash } from "../hash/hash-format";
import { objectsDir } from "./object-path";

export interface StoredObject {
  hash: string;
  absPath: string;
  sizeBytes: number;
}

export interface CacheListing {
  objects: StoredObject[];
  /** Leftover temp files of interrupted writes (names ending in `.tmp`), with their age. */
  temps: Array<{ absPath: string; sizeBytes: number; ageMs: number }>;
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * Everything stored in a cache: objects (`files/<h[0:2]>/<h[2:]>`, validated names only) and temp
 * files. A temp file's age is taken from its ctime: objects get a fixed mtime while still temp files.
 */
export function listCacheObjects(cacheDir: string, nowMs = Date.now()): CacheListing {
  const root = objectsDir(cacheDir);
  const listing: CacheListing = { objects: [], temps: [] };
  const noteTemp = (absPath: string) => {
    const stat = lstatSync(absPath, { throwIfNoEntry: false });
    if (stat?.isFile()) listing.temps.push({ absPath, sizeBytes: stat.size, ageMs: nowMs - stat.ctimeMs });
  };
  for (const shard of entries(root)) {
    const shardPath = join(root, shard);
    if (shard.endsWith(".tmp")) {
      noteTemp(shardPath);
      continue;
    }
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    for (const rest of entries(shardPath)) {
      const absPath = join(shardPath, rest);
      if (rest.endsWith(".tmp")) {
        noteTemp(absPath);
        continue;
      }
      const hash = shard + rest;
      if (!isValidHash(hash)) continue;
      const stat = lstatSync(absPath, { throwIfNoEntry: false });
      if (stat?.isFile()) listing.objects.push({ hash, absPath, sizeBytes: stat.size });
    }
  }
  return listing;
}

/** Removes shard folders left empty (best effort: a concurrent add may be filling one). */
export function removeEmptyShards(cacheDir: string): void {
  const root = objectsDir(cacheDir);
  for (const shard of entries(root)) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    try {
      if (entries(join(root, shard)).length === 0) rmdirSync(join(root, shard));
    } catch {
      // not empty any more, or not ours to remove: leave it
    }
  }
}
