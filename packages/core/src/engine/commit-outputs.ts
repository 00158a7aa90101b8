import { addDirectoryToCache, addFileToCache } from "../cache/cache-add";
import { linkFromCache } from "../cache/cache-link";
import { PivotError } from "../errors/pivot-error";
import { HASH_ALGORITHM } from "../hash/hash-format";
import type { LockData, LockedOut } from "../lock/lock-data";
import { writeLock } from "../lock/lock-file";
import type { Stage } from "../model/pipeline";
import { fromProjectPath } from "../model/paths";
import type { LinkMode } from "../project/config-schema";
import type { StateStore } from "../plugin/state-backend";
import type { HashedPath, PathHasher } from "./path-hasher";
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
 * Records a finished stage: hashes its outputs, stores cached ones in the content cache (and, in
 * hardlink/symlink mode, replaces them by links), then writes the lock file and the state rows
 * of the stage's own stateDir. Throws OUTPUT_MISSING naming the stage and path when an output was
 * not produced; nothing is written then.
 */
export async function commitStageOutputs(stage: Stage, inputs: StageInputs, ctx: CommitContext): Promise<LockData> {
  const outs: LockedOut[] = [];
  const manifests = new Map<string, HashedPath["manifest"]>();
  for (const out of stage.outs) {
    const hashed = await ctx.hasher.hash(out.path, ctx.store);
    if (!hashed) {
      throw new PivotError("OUTPUT_MISSING", `Stage '${stage.id}' did not produce its output ${out.path}`, {
        hint: `Make the command write ${out.path}, or remove it from the stage's outs in ${stage.source.file}.`,
      });
    }
    if (hashed.manifest) manifests.set(out.path, hashed.manifest);
    outs.push({
      path: out.path,
      hash: hashed.hash,
      sizeBytes: hashed.sizeBytes,
      cache: out.cache,
      ...(hashed.files !== undefined ? { files: hashed.files } : {}),
    });
  }
  for (const [i, out] of stage.outs.entries()) {
    if (!out.cache) continue;
    const locked = outs[i]!;
    const absolute = fromProjectPath(ctx.projectRoot, out.path);
    const manifest = manifests.get(out.path);
    if (manifest) await addDirectoryToCache(ctx.cacheDir, absolute, manifest);
    else await addFileToCache(ctx.cacheDir, absolute, locked.hash);
    const preferred = ctx.linkModes[0];
    if (out.kind !== "incremental" && preferred && LINKING_MODES.has(preferred)) {
      await linkFromCache(ctx.cacheDir, locked.hash, absolute, { modes: ctx.linkModes });
    }
  }
  const lock: LockData = {
    schema: 1,
    stage: stage.name,
    hashAlgorithm: HASH_ALGORITHM,
    ...(inputs.cmd ? { cmd: inputs.cmd } : {}),
    ...(inputs.code ? { code: inputs.code } : {}),
    params: inputs.params,
    deps: inputs.deps,
    outs,
  };
  writeLock(stage, lock);
  ctx.store.transaction(() => {
    ctx.hasher.flush();
    ctx.store.bumpGenerations(outs.map((o) => o.path));
    ctx.store.putRunCache({
      stage: stage.lockName,
      inputHash: inputHashOf(inputs),
      outputs: Object.fromEntries(outs.map((o) => [o.path, o.hash])),
      ...(ctx.runId ? { runId: ctx.runId } : {}),
      createdAtMs: Date.now(),
    });
  });
  return lock;
}
