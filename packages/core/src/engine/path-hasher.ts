import { PivotError } from "../errors/pivot-error";
import { buildDirManifest, manifestHash } from "../hash/hash-dir";
import type { DirManifest } from "../hash/dir-manifest";
import { join } from "node:path";
import { readManifestObject } from "../cache/manifest-object";
import { type CacheStat, statForCache, statForCacheIfExists } from "../hash/file-stat";
import { isDirHash } from "../hash/hash-format";
import { hashFile } from "../hash/hash-file";
import { fromProjectPath } from "../model/paths";
import type { HashCacheEntry, StateStore } from "../plugin/state-backend";
import { Progress } from "../ui/progress";

export interface HashedPath {
  path: string;
  hash: string;
  sizeBytes: number;
  /** Directories: number of files and the manifest (for caching the tree). */
  files?: number;
  manifest?: DirManifest;
}

/**
 * Hashes workspace paths for one command. Files whose (inode, mtime, size) match the hash cache
 * of the stage's state store are not read; new hashes are collected and written back in one
 * transaction per store by `flush`. Within a command each file is hashed at most once.
 */
export class PathHasher {
  readonly #root: string;
  readonly #memo = new Map<string, string>();
  readonly #pending = new Map<StateStore, HashCacheEntry[]>();
  #progress: Progress | undefined;
  /** Files actually read and hashed (for tests and benchmarks: a warm cache reads none). */
  hashedFiles = 0;

  constructor(projectRoot: string) {
    this.#root = projectRoot;
  }

  async #hashOne(absPath: string, stat: CacheStat, store: StateStore | undefined): Promise<string> {
    const key = `${absPath}\0${stat.inode}\0${stat.mtimeNs}\0${stat.sizeBytes}`;
    const memo = this.#memo.get(key);
    if (memo) return memo;
    const fileStat = { inode: Number(stat.inode), mtimeNs: stat.mtimeNs, sizeBytes: stat.sizeBytes };
    let hash = store?.lookupHash(absPath, fileStat);
    if (!hash) {
      this.#progress ??= new Progress("hashing");
      hash = await hashFile(absPath, { onBytes: (bytes) => this.#progress?.advance(bytes) });
      this.#progress.advance(0, 1);
      this.hashedFiles += 1;
      if (store) this.#record(absPath, stat, hash, store);
    }
    this.#memo.set(key, hash);
    return hash;
  }

  /** Hash of a file or directory (project-relative), or undefined when it does not exist. */
  async hash(projectPath: string, store?: StateStore): Promise<HashedPath | undefined> {
    const absPath = fromProjectPath(this.#root, projectPath);
    const stat = statForCacheIfExists(absPath);
    if (!stat) return undefined;
    if (stat.isDir) {
      const manifest = await buildDirManifest(absPath, (file, fileStat) => this.#hashOne(file, fileStat, store));
      const sizeBytes = manifest.entries.reduce((sum, e) => sum + e.size, 0);
      return { path: projectPath, hash: await manifestHash(manifest), sizeBytes, files: manifest.entries.length, manifest };
    }
    if (!stat.isFile) {
      throw new PivotError("HASH_FAILED", `${projectPath} is neither a file nor a folder`, { hint: "pivot tracks regular files and folders only." });
    }
    return { path: projectPath, hash: await this.#hashOne(absPath, stat, store), sizeBytes: stat.sizeBytes };
  }

  #record(absPath: string, stat: CacheStat, hash: string, store: StateStore): void {
    const fileStat = { inode: Number(stat.inode), mtimeNs: stat.mtimeNs, sizeBytes: stat.sizeBytes };
    this.#memo.set(`${absPath}\0${stat.inode}\0${stat.mtimeNs}\0${stat.sizeBytes}`, hash);
    const list = this.#pending.get(store) ?? [];
    list.push({ path: absPath, hash, ...fileStat });
    this.#pending.set(store, list);
  }

  /**
   * Records the hashes of an output just placed from the cache (its content is known), so the
   * next command does not read it again. Returns its size and file count.
   */
  async rememberPlaced(projectPath: string, hash: string, cacheDir: string, store: StateStore): Promise<{ sizeBytes: number; files?: number }> {
    const absPath = fromProjectPath(this.#root, projectPath);
    if (!isDirHash(hash)) {
      const stat = statForCache(absPath);
      this.#record(absPath, stat, hash, store);
      return { sizeBytes: stat.sizeBytes };
    }
    const manifest = await readManifestObject(cacheDir, hash);
    let sizeBytes = 0;
    for (const entry of manifest.entries) {
      const file = join(absPath, ...entry.path.split("/"));
      this.#record(file, statForCache(file), entry.hash, store);
      sizeBytes += entry.size;
    }
    return { sizeBytes, files: manifest.entries.length };
  }

  /** Writes collected hash-cache entries, one transaction per state store. */
  flush(): void {
    this.#progress?.done();
    for (const [store, entries] of this.#pending) if (entries.length > 0) store.putHashes(entries);
    this.#pending.clear();
  }

  /** Drops collected entries without writing them (dry runs). */
  discard(): void {
    this.#pending.clear();
  }
}
