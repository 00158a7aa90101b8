import { hasObject } from "../cache/cache-add";
import { errorMessage } from "../errors/pivot-error";
import { linkFromCache } from "../cache/cache-link";
import type { LockedOut } from "../lock/lock-data";
import type { Stage } from "../model/pipeline";
import { fromProjectPath } from "../model/paths";
import { type CommitContext, recordStageResult } from "./commit-outputs";
import { type StageInputs, inputHashOf } from "./stage-inputs";
import type { OutputSupply } from "./output-supply";
import { describeProducer } from "../state/run-cache-producer";

/** A run-cache record there was but could not be used, and why (the stage runs; the run says so). */
export interface RunCacheSkip {
  skipped: string;
}

/** What a run-cache hit placed. */
export interface RunCacheRestore {
  paths: string[];
  /** The record or objects came from the remote (`--pull`). */
  pulled: boolean;
  /** Who made the entry, in words (see describeProducer). */
  provenance: string;
}

/**
 * When these exact inputs ran before (run cache) and every output of that run is still in the
 * content cache, places those outputs and records the stage as if it had run. Returns the
 * restored paths (and whether `supply` fetched the record or objects), `skipped` when the remote's
 * record was refused or the remote not answering, or undefined on a plain miss. Stages with incremental or uncached outputs never use it,
 * nor do `always_changed` stages: they read something pivot cannot hash, so equal inputs say nothing.
 */
export async function restoreFromRunCache(stage: Stage, inputs: StageInputs, ctx: CommitContext, supply?: OutputSupply): Promise<RunCacheRestore | RunCacheSkip | undefined> {
  if (stage.alwaysChanged || stage.outs.length === 0 || stage.outs.some((o) => o.kind === "incremental" || !o.cache)) return undefined;
  const inputHash = inputHashOf(inputs);
  let pulled = false;
  let entry = ctx.store.getRunCache(stage.lockName, inputHash);
  if (!entry && supply) {
    const fetched = await supply.fetchRunRecord(stage, inputHash);
    if (!fetched.found) return fetched.skipped ? { skipped: fetched.skipped } : undefined;
    entry = ctx.store.getRunCache(stage.lockName, inputHash);
    pulled = true;
  }
  if (!entry) return undefined;
  const hashes = stage.outs.map((o) => entry.outputs[o.path]);
  if (hashes.some((h) => h === undefined)) return undefined;
  const absent = stage.outs.flatMap((o, i) => (hasObject(ctx.cacheDir, hashes[i]!) ? [] : [{ path: o.path, hash: hashes[i]!, sizeBytes: 0, cache: true }]));
  if (absent.length > 0 && !supply) return undefined;
  if (absent.length > 0 && !(await supply!.fetchOutputs(stage, absent))) {
    return { skipped: `run-cache entry found, but its outputs could not be fetched from ${supply!.remoteName}` };
  }
  pulled ||= absent.length > 0;
  const outs: LockedOut[] = [];
  try {
    for (const [i, out] of stage.outs.entries()) {
      const hash = hashes[i]!;
      await linkFromCache(ctx.cacheDir, hash, fromProjectPath(ctx.projectRoot, out.path), { modes: ctx.linkModes, verify: true });
      const placed = await ctx.hasher.rememberPlaced(out.path, hash, ctx.cacheDir, ctx.store);
      outs.push({ path: out.path, hash, cache: true, ...placed });
    }
  } catch (error) {
    // An object went missing or is corrupt: run the stage instead (it clears its outputs first).
    return { skipped: `run-cache entry unusable: ${errorMessage(error)}` };
  }
  recordStageResult(stage, inputs, outs, ctx, entry);
  return { paths: outs.map((o) => o.path), pulled, provenance: describeProducer(entry) };
}
