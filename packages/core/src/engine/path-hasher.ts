import { PivotError } from "../errors/pivot-error";
import { buildDirManifest, manifestHash } from "../hash/hash-dir";
import type { DirManifest } from "../hash/dir-manifest";
import { join } from "node:path";
import { readManifestObject } from "../cache/manifest-object";
import { type CacheStat, statForCache, statForCacheIfExists } from "../hash/file-stat";
import { isDirHash } from "../hash/hash-format";
import { hashFile } from "../hash/hash-file";
import { fromProjectPath } from "../model/paths";
import type { HashCacheEntry, RunCacheEntry, StateStore } from "../plugin/state-backend";
import { Progress } from "../ui/progress";
import { GcPacer } from "./gc-pacer";

export interface HashedPath {
  path: string;
  hash: string;
  sizeBytes: number;
  /** Directories: number of files and the manifest (for caching the tree). */
  files?: number;
  manifest?: DirManifest;
}

/** A hash and the stat it holds for (the very stat this command took, when it took one: nothing copied). */
interface KnownHash {
  stat: Pick<CacheStat, "inode" | "mtimeNs" | "sizeBytes">;
  hash: string;
}

const sameFile = ({ stat: known }: KnownHash, stat: CacheStat) =>
  known === stat || (known.mtimeNs === stat.mtimeNs && known.inode === stat.inode && known.sizeBytes === stat.sizeBytes);

/** State rows waiting for the next flush, per state store. */
interface PendingRows {
  hashes: HashCacheEntry[];
  /** Per recorded stage: the output paths whose generation it bumps, and its run-cache entry. */
  stages: Array<{ outs: string[]; runCache: RunCacheEntry }>;
}

/** A batch of recorded stages is written once it holds this many stages… */
export const FLUSH_EVERY_STAGES = 100;
/** …or once its oldest stage waited this long (checked when a stage is recorded). */
export const FLUSH_AFTER_MS = 1000;

/**
 * Hashes workspace paths for one command. Files whose (inode, mtime, size) match the hash cache
 * of the stage's state store are not read; new hashes — and the rows of recorded stages
 * (`queueStageRows`) — are collected and written back in one transaction per store by `flush`.
 * Within a command each file is hashed at most once.
 */
export class PathHasher {
  readonly #root: string;
  /** Hashes known to this command, by absolute path, with the stat they hold for. */
  readonly #memo = new Map<string, KnownHash>();
  /** The last stat this command took of each path it looked at (null: absent). */
  readonly #stats = new Map<string, CacheStat | null>();
  readonly #pending = new Map<StateStore, PendingRows>();
  #queuedStages = 0;
  #oldestQueuedMs = 0;
  #progress: Progress | undefined;
  /** Files actually read and hashed (for tests and benchmarks: a warm cache reads none). */
  hashedFiles = 0;

  constructor(projectRoot: string) {
    this.#root = projectRoot;
  }

  async #hashOne(absPath: string, stat: CacheStat, store: StateStore | undefined): Promise<string> {
    const memo = this.#memo.get(absPath);
    if (memo && sameFile(memo, stat)) return memo.hash;
    let hash = store?.lookupHash(absPath, stat);
    if (!hash) {
      this.#progress ??= new Progress("hashing");
      hash = await hashFile(absPath, { sizeHint: stat.sizeBytes, onBytes: (bytes) => this.#progress?.advance(bytes) });
      this.#progress.advance(0, 1);
      this.hashedFiles += 1;
      if (store) this.#record(absPath, stat, hash, store);
    }
    this.#memo.set(absPath, { stat, hash });
    return hash;
  }

  /** A fresh stat of a path, remembered as the last one this command took. */
  #statNow(absPath: string): CacheStat | undefined {
    const stat = statForCacheIfExists(absPath);
    this.#stats.set(absPath, stat ?? null);
    return stat;
  }

  /**
   * Hash of a file or directory (project-relative), or undefined when it does not exist.
   * `reuseStat`: judge by the last stat this command took of the path, if any (a stage's first
   * evaluation: every later stat — after a stage was claimed, ran or was restored — is fresh, and
   * becomes the one reused).
   */
  async hash(projectPath: string, store?: StateStore, options: { reuseStat?: boolean } = {}): Promise<HashedPath | undefined> {
    const absPath = fromProjectPath(this.#root, projectPath);
    const known = options.reuseStat ? this.#stats.get(absPath) : undefined;
    const stat = known === undefined ? this.#statNow(absPath) : (known ?? undefined);
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

  /** Forgets the last stat of a path (it was written without being hashed: placed, deleted). */
  forget(projectPath: string): void {
    this.#stats.delete(fromProjectPath(this.#root, projectPath));
  }

  /** The last stat this command took of an absolute path: undefined if none, null if it was absent. */
  lastStat(absPath: string): CacheStat | null | undefined {
    return this.#stats.get(absPath);
  }

  /**
   * Stats the given project paths at once and looks their hash-cache rows up in one transaction
   * per state store, so the evaluations that follow (with `reuseStat`) neither stat them again nor
   * query the DB one file at a time. Folders are stat'ed only (their files are listed when hashed).
   */
  prefetch(paths: Iterable<{ path: string; store: StateStore }>): void {
    const wanted = new Map<StateStore, Array<{ path: string; stat: CacheStat }>>();
    const gc = new GcPacer();
    for (const { path, store } of paths) {
      gc.tick();
      const absPath = fromProjectPath(this.#root, path);
      if (this.#stats.has(absPath)) continue;
      const stat = this.#statNow(absPath);
      if (!stat?.isFile) continue;
      let entries = wanted.get(store);
      if (!entries) wanted.set(store, (entries = []));
      entries.push({ path: absPath, stat });
    }
    for (const [store, entries] of wanted) {
      const hits = store.lookupHashes(entries.map(({ path, stat }) => ({ path, inode: stat.inode, mtimeNs: stat.mtimeNs, sizeBytes: stat.sizeBytes })));
      for (const { path, stat } of entries) {
        const hash = hits.get(path);
        if (hash) this.#memo.set(path, { stat, hash });
      }
    }
  }

  #record(absPath: string, stat: CacheStat, hash: string, store: StateStore): void {
    this.#memo.set(absPath, { stat, hash });
    this.#rowsOf(store).hashes.push({ path: absPath, hash, inode: stat.inode, mtimeNs: stat.mtimeNs, sizeBytes: stat.sizeBytes });
  }

  #rowsOf(store: StateStore): PendingRows {
    let rows = this.#pending.get(store);
    if (!rows) {
      rows = { hashes: [], stages: [] };
      this.#pending.set(store, rows);
    }
    return rows;
  }

  /**
   * Queues the state rows of a recorded stage (its outputs' generations, its run-cache entry) to
   * be written with the pending hash rows, in one transaction per store: by `flush` (which every
   * command recording stages calls when it ends, also after a failure or Ctrl-C), or here once
   * FLUSH_EVERY_STAGES stages or FLUSH_AFTER_MS are pending. The rows are caches (the lock file
   * is the truth), so a batch lost to a crash only costs a re-hash or a run-cache miss.
   */
  queueStageRows(store: StateStore, outs: string[], runCache: RunCacheEntry): void {
    if (this.#queuedStages === 0) this.#oldestQueuedMs = performance.now();
    this.#rowsOf(store).stages.push({ outs, runCache });
    this.#queuedStages += 1;
    if (this.#queuedStages >= FLUSH_EVERY_STAGES || performance.now() - this.#oldestQueuedMs >= FLUSH_AFTER_MS) this.flush();
  }

  /**
   * Records the hashes of an output just placed from the cache (its content is known), so the
   * next command does not read it again. Returns its size and file count.
   */
  async rememberPlaced(projectPath: string, hash: string, cacheDir: string, store: StateStore): Promise<{ sizeBytes: number; files?: number }> {
    const absPath = fromProjectPath(this.#root, projectPath);
    if (!isDirHash(hash)) {
      const stat = statForCache(absPath);
      this.#stats.set(absPath, stat);
      this.#record(absPath, stat, hash, store);
      return { sizeBytes: stat.sizeBytes };
    }
    this.#stats.delete(absPath);
    const manifest = await readManifestObject(cacheDir, hash);
    let sizeBytes = 0;
    for (const entry of manifest.entries) {
      const file = join(absPath, ...entry.path.split("/"));
      this.#record(file, statForCache(file), entry.hash, store);
      sizeBytes += entry.size;
    }
    return { sizeBytes, files: manifest.entries.length };
  }

  /** Writes the collected hash-cache entries and stage rows, one transaction per state store. */
  flush(): void {
    this.#progress?.done();
    const pending = [...this.#pending];
    this.discard();
    for (const [store, rows] of pending) {
      if (rows.stages.length === 0) {
        if (rows.hashes.length > 0) store.putHashes(rows.hashes);
        continue;
      }
      store.transaction(() => {
        store.putHashes(rows.hashes);
        for (const stage of rows.stages) {
          store.bumpGenerations(stage.outs);
          store.putRunCache(stage.runCache);
        }
      });
    }
  }

  /** Drops collected entries without writing them (dry runs). */
  discard(): void {
    this.#pending.clear();
    this.#queuedStages = 0;
  }
}
