import { addDirectoryToCache, addFileToCache } from "../cache/cache-add";
import { linkFromCache } from "../cache/cache-link";
import { PivotError } from "../errors/pivot-error";
import { HASH_ALGORITHM } from "../hash/hash-format";
import type { DirManifest } from "../hash/dir-manifest";
import type { LockData, LockedOut } from "../lock/lock-data";
import { writeLock } from "../lock/lock-file";
import type { Stage } from "../model/pipeline";
import { fromProjectPath } from "../model/paths";
import type { RunCacheEntry, StateStore } from "../plugin/state-backend";
import { currentProducer } from "../state/run-cache-producer";
import type { LinkMode } from "../project/config-schema";
import type { PathHasher } from "./path-hasher";
import { type StageInputs, inputHashOf } from "./stage-inputs";

export interface CommitContext {
  projectRoot: string;
  cacheDir: string;
  linkModes: readonly LinkMode[];
  hasher: PathHasher;
  store: StateStore;
  runId?: string;
}

/** Modes that replace the produced file by a link to the cache object (saving a copy). */
const LINKING_MODES: ReadonlySet<LinkMode> = new Set(["hardlink", "symlink"]);

/**
 * Hashes a finished stage's outputs. Throws OUTPUT_MISSING naming the stage and path when an
 * output was not produced.
 */
export async function hashOutputs(stage: Stage, ctx: Pick<CommitContext, "hasher" | "store">): Promise<Array<LockedOut & { manifest?: DirManifest }>> {
  const outs: Array<LockedOut & { manifest?: DirManifest }> = [];
  for (const out of stage.outs) {
    const hashed = await ctx.hasher.hash(out.path, ctx.store);
    if (!hashed) {
      throw new PivotError("OUTPUT_MISSING", `Stage '${stage.id}' did not produce its output ${out.path}`, {
        hint: `Make the command write ${out.path}, or remove it from the stage's outs in ${stage.source.file}.`,
      });
    }
    outs.push({
      path: out.path,
      hash: hashed.hash,
      sizeBytes: hashed.sizeBytes,
      cache: out.cache,
      ...(hashed.files !== undefined ? { files: hashed.files } : {}),
      ...(hashed.manifest ? { manifest: hashed.manifest } : {}),
    });
  }
  return outs;
}

/** The lock file contents for a stage run with `inputs` that produced `outs`. */
export function buildLock(stage: Stage, inputs: StageInputs, outs: readonly LockedOut[]): LockData {
  return {
    schema: 1,
    stage: stage.name,
    hashAlgorithm: HASH_ALGORITHM,
    ...(inputs.cmd ? { cmd: inputs.cmd } : {}),
    ...(inputs.code ? { code: inputs.code } : {}),
    params: inputs.params,
    deps: inputs.deps,
    outs: outs.map(({ path, hash, sizeBytes, cache, files }) => ({ path, hash, sizeBytes, cache, ...(files !== undefined ? { files } : {}) })),
  };
}

/**
 * Writes what a stage's run established: its lock file (atomically), then queues its state rows
 * (pending hash-cache rows, output generations, run-cache entry) to be written in batches, one
 * transaction per state DB (see PathHasher.queueStageRows). The entry names who made it
 * (`currentProducer`); a result restored from the run cache keeps the entry it came from.
 */
export function recordStageResult(stage: Stage, inputs: StageInputs, outs: readonly LockedOut[], ctx: CommitContext, restoredFrom?: RunCacheEntry): LockData {
  const lock = buildLock(stage, inputs, outs);
  writeLock(stage, lock);
  ctx.hasher.queueStageRows(
    ctx.store,
    outs.map((o) => o.path),
    restoredFrom ?? {
      stage: stage.lockName,
      inputHash: inputHashOf(inputs),
      outputs: Object.fromEntries(outs.map((o) => [o.path, o.hash])),
      ...(ctx.runId ? { runId: ctx.runId } : {}),
      createdAtMs: Date.now(),
      producer: currentProducer(ctx.projectRoot),
    },
  );
  return lock;
}

/**
 * Records a finished stage: hashes its outputs, stores cached ones in the content cache (in
 * hardlink/symlink mode replacing them by links), then writes the lock file and state rows.
 * Nothing is written when an output is missing.
 */
export async function commitStageOutputs(stage: Stage, inputs: StageInputs, ctx: CommitContext): Promise<LockData> {
  const outs = await hashOutputs(stage, ctx);
  for (const [i, out] of stage.outs.entries()) {
    if (!out.cache) continue;
    const locked = outs[i]!;
    const absolute = fromProjectPath(ctx.projectRoot, out.path);
    if (locked.manifest) await addDirectoryToCache(ctx.cacheDir, absolute, locked.manifest);
    else await addFileToCache(ctx.cacheDir, absolute, locked.hash);
    const preferred = ctx.linkModes[0];
    if (out.kind !== "incremental" && preferred && LINKING_MODES.has(preferred)) {
      await linkFromCache(ctx.cacheDir, locked.hash, absolute, { modes: ctx.linkModes });
      await ctx.hasher.rememberPlaced(out.path, locked.hash, ctx.cacheDir, ctx.store);
    }
  }
  return recordStageResult(stage, inputs, outs, ctx);
}
