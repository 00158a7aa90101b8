import { constants, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { copyFile, lstat, readFile, readdir, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PivotError, type Remote, type RemoteObjectInfo, type RemoteOptions, type TransferHooks, hashOfObjectKey, objectKeyOf, writeFileAtomic } from "@pivot/core/plugin";

let counter = 0;

/** A temp name beside `target` (hidden, unique per process and call). */
function tempBeside(target: string): string {
  counter += 1;
  return join(dirname(target), `.${process.pid}.${counter}.tmp`);
}

/** Temp files of an unfinished write (ours and writeFileAtomic's): `.<name>.tmp`. */
function isTempName(name: string): boolean {
  return name.startsWith(".") && name.endsWith(".tmp");
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR";
}

/** Copies `from` to `to` through a temp file and a rename, so `to` is never seen half-written. */
async function copyAtomic(from: string, to: string, hooks: TransferHooks | undefined): Promise<void> {
  mkdirSync(dirname(to), { recursive: true });
  const temp = tempBeside(to);
  try {
    await copyFile(from, temp, constants.COPYFILE_FICLONE);
    renameSync(temp, to);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  hooks?.onBytes?.(statSync(to).size);
}

/**
 * A remote in a local (or mounted network) folder, laid out like the cache:
 * `<root>/files/<h[0:2]>/<h[2:]>`, run-cache records under `<root>/runs/`.
 */
export class LocalRemote implements Remote {
  readonly url: string;
  readonly root: string;

  constructor(url: string, root: string) {
    this.url = url;
    this.root = root;
  }

  #objectFile(hash: string): string {
    return join(this.root, ...objectKeyOf(hash).split("/"));
  }

  async exists(hashes: readonly string[]): Promise<RemoteObjectInfo[]> {
    const found: RemoteObjectInfo[] = [];
    for (const hash of hashes) {
      const stat = lstatSync(this.#objectFile(hash), { throwIfNoEntry: false });
      if (stat?.isFile()) found.push({ hash, sizeBytes: stat.size });
    }
    return found;
  }

  async *list(shard?: string): AsyncIterable<RemoteObjectInfo> {
    const files = join(this.root, "files");
    const shards = shard !== undefined ? [shard] : existsSync(files) ? readdirSync(files).filter((s) => /^[0-9a-f]{2}$/.test(s)) : [];
    for (const name of shards) {
      let entries: string[];
      try {
        entries = await readdir(join(files, name));
      } catch (error) {
        if (isMissing(error)) continue;
        throw error;
      }
      for (const entry of entries) {
        const hash = isTempName(entry) ? undefined : hashOfObjectKey(`files/${name}/${entry}`);
        if (!hash) continue;
        const stat = await lstat(join(files, name, entry)).catch((error) => (isMissing(error) ? undefined : Promise.reject(error)));
        if (stat?.isFile()) yield { hash, sizeBytes: stat.size, modifiedAtMs: stat.mtimeMs };
      }
    }
  }

  async put(hash: string, localFile: string, hooks?: TransferHooks): Promise<void> {
    await copyAtomic(localFile, this.#objectFile(hash), hooks);
  }

  async get(hash: string, localFile: string, hooks?: TransferHooks): Promise<boolean> {
    const file = this.#objectFile(hash);
    if (!lstatSync(file, { throwIfNoEntry: false })?.isFile()) return false;
    await copyFile(file, localFile, constants.COPYFILE_FICLONE);
    hooks?.onBytes?.(statSync(localFile).size);
    return true;
  }

  async delete(hashes: readonly string[]): Promise<void> {
    await Promise.all(hashes.map((hash) => unlink(this.#objectFile(hash)).catch((error) => (isMissing(error) ? undefined : Promise.reject(error)))));
  }

  #recordFile(key: string): string {
    return join(this.root, ...key.split("/"));
  }

  async putRecord(key: string, body: string): Promise<void> {
    writeFileAtomic(this.#recordFile(key), body);
  }

  /** Exclusive create: the body goes to a temp file, then a hard link claims the name (EEXIST: taken). */
  async createRecord(key: string, body: string): Promise<boolean> {
    const target = this.#recordFile(key);
    mkdirSync(dirname(target), { recursive: true });
    const temp = tempBeside(target);
    await writeFile(temp, body);
    try {
      linkSync(temp, target);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") return false;
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw error;
      // A file system without hard links: an exclusive create (the body is briefly partial).
      return writeFile(target, body, { flag: "wx" }).then(
        () => true,
        (failure: NodeJS.ErrnoException) => (failure.code === "EEXIST" ? false : Promise.reject(failure)),
      );
    } finally {
      rmSync(temp, { force: true });
    }
  }

  async deleteRecords(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => unlink(this.#recordFile(key)).catch((error) => (isMissing(error) ? undefined : Promise.reject(error)))));
  }

  async getRecord(key: string): Promise<string | undefined> {
    try {
      return await readFile(this.#recordFile(key), "utf8");
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async *listRecords(prefix: string): AsyncIterable<string> {
    const base = prefix.endsWith("/") ? prefix : prefix.slice(0, prefix.lastIndexOf("/") + 1);
    const walk = async function* (dir: string, key: string): AsyncIterable<string> {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      for (const entry of entries) {
        if (isTempName(entry.name)) continue;
        const child = `${key}${entry.name}`;
        if (entry.isDirectory()) yield* walk(join(dir, entry.name), `${child}/`);
        else if (child.startsWith(prefix)) yield child;
      }
    };
    yield* walk(this.#recordFile(base), base);
  }
}

/** `file:///abs/path` (core turns plain paths in config into such URLs, relative to the project root). */
export function createLocalRemote(url: URL, options: RemoteOptions): Remote {
  if (url.host !== "" && url.host !== "localhost") {
    throw new PivotError("REMOTE_INVALID", `Remote '${options.name}': file URLs name a local folder, not host '${url.host}'`, {
      hint: "Use file:///absolute/path or a path relative to the project root.",
    });
  }
  const root = fileURLToPath(url);
  if (existsSync(root) && !statSync(root).isDirectory()) {
    throw new PivotError("REMOTE_INVALID", `Remote '${options.name}': ${root} is not a folder`, { hint: "Point the remote at a folder (it is created on first push)." });
  }
  return new LocalRemote(url.href, root);
}

