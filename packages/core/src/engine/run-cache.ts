import { hasObject } from "../cache/cache-add";
import { linkFromCache } from "../cache/cache-link";
import type { LockedOut } from "../lock/lock-data";
import type { Stage } from "../model/pipeline";
import { fromProjectPath } from "../model/paths";
import { type CommitContext, recordStageResult } from "./commit-outputs";
import { type StageInputs, inputHashOf } from "./stage-inputs";

/**
 * When these exact inputs ran before (run cache) and every output of that run is still in the
 * content cache, places those outputs and records the stage as if it had run. Returns the
 * restored paths, or undefined on a miss. Stages with incremental or uncached outputs never use it,
 * nor do `always_changed` stages: they read something pivot cannot hash, so equal inputs say nothing.
 */
export async function restoreFromRunCache(stage: Stage, inputs: StageInputs, ctx: CommitContext): Promise<string[] | undefined> {
  if (stage.alwaysChanged || stage.outs.length === 0 || stage.outs.some((o) => o.kind === "incremental" || !o.cache)) return undefined;
  const entry = ctx.store.getRunCache(stage.lockName, inputHashOf(inputs));
  if (!entry) return undefined;
  const hashes = stage.outs.map((o) => entry.outputs[o.path]);
  if (hashes.some((h) => h === undefined || !hasObject(ctx.cacheDir, h))) return undefined;
  const outs: LockedOut[] = [];
  try {
    for (const [i, out] of stage.outs.entries()) {
      const hash = hashes[i]!;
      await linkFromCache(ctx.cacheDir, hash, fromProjectPath(ctx.projectRoot, out.path), { modes: ctx.linkModes, verify: true });
      const placed = await ctx.hasher.rememberPlaced(out.path, hash, ctx.cacheDir, ctx.store);
      outs.push({ path: out.path, hash, cache: true, ...placed });
    }
  } catch {
    // An object went missing or is corrupt: run the stage instead (it clears its outputs first).
    return undefined;
  }
  recordStageResult(stage, inputs, outs, ctx);
  return outs.map((o) => o.path);
}
