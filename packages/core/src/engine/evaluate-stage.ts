import { hasObject } from "../cache/cache-add";
import type { LockedOut } from "../lock/lock-data";
import { type LockRead, readLock } from "../lock/lock-file";
import type { LockIndex } from "../lock/lock-index";
import type { Stage } from "../model/pipeline";
import type { StateStore } from "../plugin/state-backend";
import type { DataAvailability } from "../remote/data-availability";
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
  /**
   * `--allow-missing`: recorded data absent from the workspace is accepted when its object is
   * available (local cache or remote); a missing dep is then judged by its recorded hash.
   */
  missingData?: DataAvailability;
  /**
   * Judge paths by the last stat this command took of them (see PathHasher.hash): for a stage's
   * first evaluation and read-only checks; never after a stage was claimed.
   */
  reuseStats?: boolean;
  /** Lock files read through the state DB's lock index (see LockIndex); without it each is parsed. */
  locks?: LockIndex;
}

/** A stage's lock file, through the command's lock index when it has one. */
export function lockOf(stage: Stage, ctx: Pick<EvaluationContext, "locks">): LockRead {
  return ctx.locks ? ctx.locks.read(stage) : readLock(stage);
}

export interface StageEvaluation {
  lockRead: LockRead;
  inputs: StageInputs;
  /** Empty: the stage need not run. */
  reasons: RunReason[];
  /** Cached outputs missing from the workspace that the cache can restore (when not running). */
  restorable: LockedOut[];
  /** Outputs and deps absent from the workspace but accepted (`--allow-missing`): their objects are available. */
  absent: string[];
}

/**
 * Hashes a stage's deps and resolves its params: its inputs as they are now. With
 * `ctx.missingData`, a dep absent from the workspace whose recorded object is available counts as
 * its recorded hash (listed in `absentDeps`).
 */
export async function computeInputs(stage: Stage, ctx: EvaluationContext, lockRead?: LockRead): Promise<StageInputs> {
  const params = ctx.params.paramsOf(stage);
  const code = await ctx.codeOf?.(stage);
  const deps: StageInputs["deps"] = [];
  const missingDeps: string[] = [];
  const absentDeps: string[] = [];
  for (const dep of stage.deps) {
    const hashed = await ctx.hasher.hash(dep.path, ctx.store, { reuseStat: ctx.reuseStats === true });
    if (hashed) {
      deps.push({ path: dep.path, hash: hashed.hash, sizeBytes: hashed.sizeBytes, ...(hashed.files !== undefined ? { files: hashed.files } : {}) });
      continue;
    }
    const recorded = ctx.missingData && lockRead?.kind === "ok" ? lockRead.lock.deps.find((d) => d.path === dep.path) : undefined;
    if (recorded && ctx.missingData!.has(recorded.hash)) {
      deps.push(recorded);
      absentDeps.push(dep.path);
    } else missingDeps.push(dep.path);
  }
  return {
    ...(stage.body.kind === "cmd" ? { cmd: stage.body.cmd } : {}),
    ...(code ? { code } : {}),
    params,
    deps,
    missingDeps,
    ...(absentDeps.length > 0 ? { absentDeps } : {}),
    outs: stage.outs.map((o) => ({ path: o.path, cache: o.cache })),
  };
}

export interface OutputsCheck {
  /** Modified outputs, and missing ones the cache cannot restore. */
  reasons: RunReason[];
  restorable: LockedOut[];
  /** Missing outputs accepted as absent (`ctx.missingData` has their objects). */
  absent: string[];
}

/** Compares the workspace outputs with the lock: modified ones are reasons, missing ones restorable, accepted as absent, or reasons. */
export async function checkOutputs(lockOuts: readonly LockedOut[], ctx: EvaluationContext): Promise<OutputsCheck> {
  const check: OutputsCheck = { reasons: [], restorable: [], absent: [] };
  for (const out of lockOuts) {
    const current = await ctx.hasher.hash(out.path, ctx.store, { reuseStat: ctx.reuseStats === true });
    if (current) {
      if (current.hash !== out.hash) check.reasons.push({ kind: "out-modified", path: out.path, old: out.hash, new: current.hash });
      continue;
    }
    if (out.cache && hasObject(ctx.cacheDir, out.hash)) check.restorable.push(out);
    else if (out.cache && ctx.missingData?.has(out.hash)) check.absent.push(out.path);
    else check.reasons.push({ kind: "out-missing", path: out.path, restorable: false });
  }
  return check;
}

/** Decides whether a stage must run, and what a skip would have to restore. */
export async function evaluateStage(stage: Stage, ctx: EvaluationContext, options: DecideOptions): Promise<StageEvaluation> {
  const lockRead = lockOf(stage, ctx);
  const inputs = await computeInputs(stage, ctx, lockRead);
  const reasons = decideFromInputs(lockRead, inputs, { ...options, alwaysChanged: stage.alwaysChanged });
  const absentDeps = inputs.absentDeps ?? [];
  if (reasons.length > 0 || lockRead.kind !== "ok") return { lockRead, inputs, reasons, restorable: [], absent: absentDeps };
  const outputs = await checkOutputs(lockRead.lock.outs, ctx);
  const restorable = outputs.reasons.length > 0 ? [] : outputs.restorable;
  return { lockRead, inputs, reasons: outputs.reasons, restorable, absent: [...absentDeps, ...outputs.absent] };
}
