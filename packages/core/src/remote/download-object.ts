import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { OBJECT_MODE } from "../cache/cache-add";
import { objectPath } from "../cache/object-path";
import { sealObjectTime } from "../cache/object-seal";
import { syncFile } from "../fs/durability";
import { PivotError } from "../errors/pivot-error";
import { tempPathBeside } from "../fs/atomic-write";
import { type DirManifest, parseManifest } from "../hash/dir-manifest";
import { hashBytes, hashFile } from "../hash/hash-file";
import { contentHashOf, isDirHash } from "../hash/hash-format";
import type { Remote } from "../plugin/remote-backend";

/** The object is not on the remote (deleted behind our back, or never pushed). */
export function notOnRemote(hash: string, label: string, url: string): PivotError {
  return new PivotError("TRANSFER_FAILED", `Object ${hash} of ${label} is not on ${url}`, {
    hint: "Push it from a machine that has it (`pivot push --verify-remote`), or re-run the stage.",
  });
}

function corruptOnRemote(hash: string, label: string, url: string, actual: string): PivotError {
  return new PivotError("CACHE_CORRUPT", `Object ${hash} of ${label} downloaded from ${url} is corrupt (its content hashes to ${actual}); it was not stored`, {
    hint: "The remote copy is damaged. On a machine that has the object, `pivot push --verify-remote` re-hashes the remote copies and uploads good ones over damaged ones.",
  });
}

interface DownloadContext {
  remote: Remote;
  cacheDir: string;
  label: string;
  sizeBytes?: number;
  onBytes?(bytes: number): void;
}

/** Downloads into a temp file beside the object's place; false when the remote lacks it. */
async function downloadToTemp(hash: string, ctx: DownloadContext, run: (temp: string) => Promise<void>): Promise<void> {
  const temp = tempPathBeside(objectPath(ctx.cacheDir, hash));
  mkdirSync(dirname(temp), { recursive: true });
  try {
    const hooks = { ...(ctx.sizeBytes !== undefined ? { sizeBytes: ctx.sizeBytes } : {}), ...(ctx.onBytes ? { onBytes: ctx.onBytes } : {}) };
    if (!(await ctx.remote.get(hash, temp, hooks))) throw notOnRemote(hash, ctx.label, ctx.remote.url);
    await run(temp);
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * Downloads a file object into the cache: to a temp file, re-hashed, sealed (see object-seal.ts),
 * made read-only and only then renamed into place. A corrupt download is deleted and reported; the cache never
 * holds a partial or wrong object.
 */
export async function downloadFileObject(hash: string, ctx: DownloadContext): Promise<void> {
  await downloadToTemp(hash, ctx, async (temp) => {
    const actual = await hashFile(temp);
    if (actual !== hash) throw corruptOnRemote(hash, ctx.label, ctx.remote.url, actual);
    await syncFile(temp);
    sealObjectTime(temp);
    chmodSync(temp, OBJECT_MODE);
    renameSync(temp, objectPath(ctx.cacheDir, hash));
  });
}

/**
 * Downloads and verifies a directory manifest, returning it parsed without storing it: the caller
 * stores it once all its files are in the cache (a manifest in the cache implies its files).
 */
export async function downloadManifest(hash: string, ctx: DownloadContext): Promise<{ manifest: DirManifest; bytes: Buffer }> {
  let result: { manifest: DirManifest; bytes: Buffer } | undefined;
  await downloadToTemp(hash, ctx, async (temp) => {
    const bytes = readFileSync(temp);
    const actual = await hashBytes(bytes);
    if (actual !== contentHashOf(hash)) throw corruptOnRemote(hash, ctx.label, ctx.remote.url, `${actual}.dir`);
    result = { manifest: parseManifest(bytes, hash), bytes };
  });
  return result!;
}

/**
 * Downloads an object to a temp file and hashes it, storing nothing: true when the remote copy
 * is intact, false when its content does not match its hash (or it is gone).
 */
export async function remoteCopyIntact(hash: string, ctx: DownloadContext): Promise<boolean> {
  let intact = false;
  try {
    await downloadToTemp(hash, ctx, async (temp) => {
      intact = isDirHash(hash) ? (await hashBytes(readFileSync(temp))) === contentHashOf(hash) : (await hashFile(temp)) === hash;
    });
  } catch (error) {
    if (error instanceof PivotError && error.code === "TRANSFER_FAILED") return false;
    throw error;
  }
  return intact;
}
