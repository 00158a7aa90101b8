import type { LockedOut } from "../lock/lock-data";
import type { LockRead } from "../lock/lock-file";
import type { Stage } from "../model/pipeline";
import { decideFromInputs } from "./decide";
import { type EvaluationContext, checkOutputs, computeInputs, lockOf } from "./evaluate-stage";
import type { RunReason } from "./reasons";

/** A frozen stage as it stands: it never runs, so only its lock file and outputs matter. */
export interface FrozenState {
  lockRead: LockRead;
  /** Outputs missing from the workspace whose objects the cache holds. */
  restorable: LockedOut[];
  /** Outputs missing from the workspace and from the cache. */
  missing: LockedOut[];
  /** Outputs whose workspace content differs from the lock: kept as they are. */
  modified: string[];
  /** Missing outputs accepted as absent (`--allow-missing`). */
  absent: string[];
}

/** Reads a frozen stage's lock and compares its outputs with the workspace (deps are not hashed). */
export async function checkFrozenStage(stage: Stage, ctx: EvaluationContext): Promise<FrozenState> {
  const lockRead = lockOf(stage, ctx);
  if (lockRead.kind !== "ok") return { lockRead, restorable: [], missing: [], modified: [], absent: [] };
  const outputs = await checkOutputs(lockRead.lock.outs, ctx);
  const missingPaths = new Set(outputs.reasons.flatMap((r) => (r.kind === "out-missing" ? [r.path] : [])));
  return {
    lockRead,
    restorable: outputs.restorable,
    missing: lockRead.lock.outs.filter((o) => missingPaths.has(o.path)),
    modified: outputs.reasons.flatMap((r) => (r.kind === "out-modified" ? [r.path] : [])),
    absent: outputs.absent,
  };
}

/** Why a frozen stage cannot stand in for a run: it never ran, its lock is unreadable, or an output is nowhere to be had. */
export function frozenProblem(stage: Stage, state: FrozenState): { error: string; detail: string } | undefined {
  const thaw = `\`pivot unfreeze ${stage.id}\``;
  if (state.lockRead.kind === "missing") {
    return { error: "frozen, but it never ran (no lock file)", detail: `Run ${thaw}, then \`pivot repro ${stage.id}\` to run it once.` };
  }
  if (state.lockRead.kind === "corrupt") {
    return { error: `frozen, but its lock file ${state.lockRead.file} is unreadable (${state.lockRead.problem})`, detail: `Restore the file from git, or run ${thaw} to let it run again.` };
  }
  const [first] = state.missing;
  if (first === undefined) return undefined;
  const paths = state.missing.map((o) => o.path).join(", ");
  return {
    error: `frozen, and its output ${paths} is missing and not in the cache`,
    detail: first.cache
      ? `Fetch it with \`pivot pull ${stage.id}\` (or \`pivot repro --pull\`), or run ${thaw} to recompute it.`
      : `It is not cached (cache: false): restore it from git, or run ${thaw} to recompute it.`,
  };
}

/** The sentence a run shows for a frozen stage whose outputs were edited by hand. */
export function frozenEditNote(stage: Stage, modified: readonly string[]): string | undefined {
  if (modified.length === 0) return undefined;
  return `kept the edited ${modified.join(", ")} (\`pivot checkout --force ${stage.id}\` puts back the recorded version)`;
}

/** What would make a frozen stage run if it were not frozen (for `status --explain`). Never throws. */
export async function reasonsIfThawed(stage: Stage, lockRead: LockRead, ctx: EvaluationContext): Promise<RunReason[]> {
  try {
    return decideFromInputs(lockRead, await computeInputs(stage, ctx, lockRead), {});
  } catch {
    return [];
  }
}
