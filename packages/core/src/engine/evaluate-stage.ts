import { hasObject } from "../cache/cache-add";
import type { LockedOut } from "../lock/lock-data";
import { type LockRead, readLock } from "../lock/lock-file";
import type { Stage } from "../model/pipeline";
import type { StateStore } from "../plugin/state-backend";
import { type DecideOptions, decideFromInputs } from "./decide";
import type { ParamsReader } from "./params";
import type { PathHasher } from "./path-hasher";
import type { RunReason } from "./reasons";
import type { StageInputs } from "./stage-inputs";

export interface EvaluationContext {
  hasher: PathHasher;
  params: ParamsReader;
  cacheDir: string;
  store: StateStore;
  /** The stage's code fingerprint, from its executor (TS stages). */
  codeOf?: (stage: Stage) => Promise<Record<string, string> | undefined>;
}

export interface StageEvaluation {
  lockRead: LockRead;
  inputs: StageInputs;
  /** Empty: the stage need not run. */
  reasons: RunReason[];
  /** Cached outputs missing from the workspace that the cache can restore (when not running). */
  restorable: LockedOut[];
}

/** Hashes a stage's deps and resolves its params: its inputs as they are now. */
export async function computeInputs(stage: Stage, ctx: EvaluationContext): Promise<StageInputs> {
  const params = ctx.params.paramsOf(stage);
  const code = await ctx.codeOf?.(stage);
  const deps: StageInputs["deps"] = [];
  const missingDeps: string[] = [];
  for (const dep of stage.deps) {
    const hashed = await ctx.hasher.hash(dep.path, ctx.store);
    if (hashed) deps.push({ path: dep.path, hash: hashed.hash, sizeBytes: hashed.sizeBytes, ...(hashed.files !== undefined ? { files: hashed.files } : {}) });
    else missingDeps.push(dep.path);
  }
  return {
    ...(stage.body.kind === "cmd" ? { cmd: stage.body.cmd } : {}),
    ...(code ? { code } : {}),
    params,
    deps,
    missingDeps,
    outs: stage.outs.map((o) => ({ path: o.path, cache: o.cache })),
  };
}

/** Compares the workspace outputs with the lock: modified ones are reasons, missing ones restorable or reasons. */
export async function checkOutputs(lockOuts: readonly LockedOut[], ctx: EvaluationContext): Promise<{ reasons: RunReason[]; restorable: LockedOut[] }> {
  const reasons: RunReason[] = [];
  const restorable: LockedOut[] = [];
  for (const out of lockOuts) {
    const current = await ctx.hasher.hash(out.path, ctx.store);
    if (current) {
      if (current.hash !== out.hash) reasons.push({ kind: "out-modified", path: out.path, old: out.hash, new: current.hash });
      continue;
    }
    if (out.cache && hasObject(ctx.cacheDir, out.hash)) restorable.push(out);
    else reasons.push({ kind: "out-missing", path: out.path, restorable: false });
  }
  return { reasons, restorable };
}

/** Decides whether a stage must run, and what a skip would have to restore. */
export async function evaluateStage(stage: Stage, ctx: EvaluationContext, options: DecideOptions): Promise<StageEvaluation> {
  const lockRead = readLock(stage);
  const inputs = await computeInputs(stage, ctx);
  const reasons = decideFromInputs(lockRead, inputs, { ...options, alwaysChanged: stage.alwaysChanged });
  if (reasons.length > 0 || lockRead.kind !== "ok") return { lockRead, inputs, reasons, restorable: [] };
  const outputs = await checkOutputs(lockRead.lock.outs, ctx);
  return { lockRead, inputs, reasons: outputs.reasons, restorable: outputs.reasons.length > 0 ? [] : outputs.restorable };
}
