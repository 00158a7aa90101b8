import { explainFileSystemError } from "../errors/fs-failure";
import { PivotError, errorMessage } from "../errors/pivot-error";
import { claimRunSentinel } from "../lock/run-sentinel";
import type { Stage } from "../model/pipeline";
import type { Project } from "../project/open-project";
import { type CommitContext, commitStageOutputs, hashOutputs } from "./commit-outputs";
import { evaluateStage } from "./evaluate-stage";
import type { ExecutorSet } from "./executors";
import type { EventBus, StageRunStatus } from "./events";
import type { ParamsReader } from "./params";
import type { PathHasher } from "./path-hasher";
import type { LockIndex } from "../lock/lock-index";
import { prepareOutputs } from "./prepare-outputs";
import { type RunReason, summarizeReasons } from "./reasons";
import { restoreOutputs } from "./restore-outputs";
import { restoreFromRunCache } from "./run-cache";
import { checkFrozenStage, frozenEditNote, frozenProblem } from "./frozen-stage";
import type { EvaluationContext, StageEvaluation } from "./evaluate-stage";
import type { OutputSupply } from "./output-supply";
import type { DataAvailability } from "../remote/data-availability";
import type { LockedOut } from "../lock/lock-data";

type StageEndExtra = { error?: string; detail?: string; note?: string; frozen?: true };
type EndStage = (status: StageRunStatus, reason: string, extra?: StageEndExtra) => StageRunStatus;

export interface StageProcessContext {
  project: Project;
  hasher: PathHasher;
  locks: LockIndex;
  params: ParamsReader;
  events: EventBus;
  signal: AbortSignal;
  force: boolean;
  /** Run stages but record nothing (no cache, lock or state writes); `pivot commit` records later. */
  noCommit: boolean;
  runId: string;
  executors: ExecutorSet;
  /** `--pull`: fetch what a skipped, frozen or run-cache-answered stage needs instead of recomputing it. */
  supply?: OutputSupply;
  /** `--allow-missing`: recorded data absent from the workspace but available is accepted. */
  missingData?: DataAvailability;
  /** When another pivot process runs a stage, wait for it and judge the stage again (default), or fail it (`--no-wait`). */
  wait: boolean;
}

/** Claims a stage before writing; waits (saying so) while another pivot process runs it. */
function claimStage(stage: Stage, ctx: Pick<StageProcessContext, "wait" | "signal" | "events">): Promise<() => void> {
  return claimRunSentinel(stage, {
    wait: ctx.wait,
    signal: ctx.signal,
    onWait: (pid) => ctx.events.emit({ type: "stage-wait", stage: stage.id, pid }),
  });
}

/** Recorded outputs a fetch could bring back: when missing outputs are all that stands between the stage and a skip. */
function fetchableOutputs(evaluation: StageEvaluation): LockedOut[] {
  if (evaluation.lockRead.kind !== "ok" || evaluation.reasons.length === 0) return [];
  if (!evaluation.reasons.every((r) => r.kind === "out-missing")) return [];
  const missing = new Set(evaluation.reasons.map((r) => (r as { path: string }).path));
  const outs = evaluation.lockRead.lock.outs.filter((o) => missing.has(o.path));
  return outs.every((o) => o.cache) ? outs : [];
}

/**
 * Brings one stage up to date: skip it, restore its outputs (from the cache, or from the run
 * cache when these inputs ran before), or run it and record the result. Never throws; failures
 * come back as status "failed" with the reason in the event.
 */
export async function processStage(stage: Stage, ctx: StageProcessContext): Promise<StageRunStatus> {
  const started = performance.now();
  const { project } = ctx;
  const store = project.state.forStage(stage);
  const commit: CommitContext = {
    projectRoot: project.root,
    cacheDir: project.config.cacheDir,
    linkModes: project.config.linkModes,
    hasher: ctx.hasher,
    store,
    runId: ctx.runId,
  };
  let reasons: RunReason[] = [];
  const end: EndStage = (status, reason, extra) => {
    ctx.events.emit({ type: "stage-end", stage: stage.id, status, reason, reasons, durationMs: Math.round(performance.now() - started), ...extra });
    return status;
  };
  let release: (() => void) | undefined;
  try {
    const evaluationContext: EvaluationContext = {
      hasher: ctx.hasher,
      params: ctx.params,
      cacheDir: commit.cacheDir,
      store,
      locks: ctx.locks,
      codeOf: ctx.executors.codeOf,
      ...(ctx.missingData ? { missingData: ctx.missingData } : {}),
    };
    if (stage.frozen) {
      const frozen = await useFrozenStage(stage, evaluationContext, commit, ctx, end);
      release = frozen.release;
      return frozen.status;
    }
    const unchanged = (evaluation: StageEvaluation) =>
      evaluation.absent.length > 0 ? `unchanged; not in the workspace, on ${ctx.missingData!.remoteName}: ${evaluation.absent.join(", ")}` : "unchanged";
    // The first look may use what this command already stat'ed; once claimed, everything is stat'ed afresh.
    let evaluation = await evaluateStage(stage, { ...evaluationContext, reuseStats: true }, { force: ctx.force });
    if (evaluation.reasons.length === 0 && evaluation.restorable.length === 0) return end("skipped", unchanged(evaluation));
    // About to write: claim the stage (waiting while another process runs it), then judge again so
    // that process's result is used instead of running the stage a second time.
    release = await claimStage(stage, ctx);
    evaluation = await evaluateStage(stage, evaluationContext, { force: ctx.force });
    const fetchable = ctx.supply ? fetchableOutputs(evaluation) : [];
    const pulled = fetchable.length > 0 && (await ctx.supply!.fetchOutputs(stage, fetchable));
    if (pulled) evaluation = await evaluateStage(stage, evaluationContext, { force: ctx.force });
    reasons = evaluation.reasons;
    if (reasons.length === 0) {
      const unusable = await restoreOutputs(stage, evaluation.restorable, commit, !ctx.noCommit);
      if (unusable === undefined) {
        if (!ctx.noCommit) ctx.hasher.flush();
        const restored = evaluation.restorable.map((o) => o.path);
        const from = pulled ? `pulled from ${ctx.supply!.remoteName}` : "from the cache";
        return restored.length > 0 ? end("restored", `restored ${restored.join(", ")} ${from}`) : end("skipped", unchanged(evaluation));
      }
      // The cache cannot give the output back (object missing or corrupt): run the stage instead.
      reasons = [{ kind: "out-missing", path: unusable, restorable: false }];
    }
    const reason = summarizeReasons(reasons);
    if (evaluation.inputs.missingDeps.length > 0) {
      const missing = evaluation.inputs.missingDeps.join(", ");
      return end("failed", reason, { error: `cannot run: dep ${missing} is missing`, detail: "Create it, or run the stage that produces it first." });
    }
    const absentDeps = evaluation.inputs.absentDeps ?? [];
    if (absentDeps.length > 0) {
      const detail = `It is on ${ctx.missingData!.remoteName}: fetch it first (\`pivot pull ${absentDeps.join(" ")}\`, or \`pivot repro --pull\`).`;
      return end("failed", reason, { error: `cannot run: dep ${absentDeps.join(", ")} is not in the workspace`, detail });
    }
    let runCacheNote: string | undefined;
    if (!ctx.force && !ctx.noCommit) {
      const restored = await restoreFromRunCache(stage, evaluation.inputs, commit, ctx.supply);
      if (restored && "skipped" in restored) runCacheNote = restored.skipped;
      else if (restored) {
        const pulledNote = restored.pulled ? `; pulled from ${ctx.supply!.remoteName}` : "";
        return end("restored", `${reason}; restored from run cache (${restored.provenance}${pulledNote})`);
      }
    }
    ctx.events.emit({ type: "stage-start", stage: stage.id, reason, reasons });
    await prepareOutputs(stage, project.root, commit.cacheDir, evaluation.lockRead);
    const executor = ctx.executors.for(stage);
    const result = await executor.execute(stage, {
      ...ctx.executors.optionsFor(stage),
      runId: ctx.runId,
      projectRoot: project.root,
      params: Object.assign({}, ...Object.values(evaluation.inputs.params)),
      signal: ctx.signal,
      onOutput: (line) => ctx.events.emit({ type: "stage-output", stage: stage.id, ...line }),
    });
    if (!result.ok) {
      const interrupted = ctx.signal.aborted;
      const cancelled = interrupted || result.cancelled === true;
      return end(cancelled ? "cancelled" : "failed", interrupted ? "interrupted" : cancelled ? "cancelled after another stage failed" : reason, { error: result.error ?? "failed", detail: result.detail });
    }
    if (ctx.noCommit) await hashOutputs(stage, commit);
    else await commitStageOutputs(stage, evaluation.inputs, commit);
    return end("ran", reason, runCacheNote ? { note: runCacheNote } : undefined);
  } catch (caught) {
    const error = explainFileSystemError(caught);
    const hint = error instanceof PivotError && error.hint ? error.hint : undefined;
    return end("failed", summarizeReasons(reasons), { error: errorMessage(error), ...(hint ? { detail: hint } : {}) });
  } finally {
    release?.();
  }
}

/**
 * A frozen stage never runs: its recorded outputs stand in for a run. Missing ones are restored from
 * the cache; edited ones are kept (and said); without a lock or a way to restore, the stage fails.
 * Returns the run marker's release when outputs were placed.
 */
async function useFrozenStage(
  stage: Stage,
  evaluation: EvaluationContext,
  commit: CommitContext,
  ctx: Pick<StageProcessContext, "noCommit" | "supply" | "wait" | "signal" | "events">,
  end: EndStage,
): Promise<{ status: StageRunStatus; release?: () => void }> {
  const { noCommit, supply } = ctx;
  let state = await checkFrozenStage(stage, { ...evaluation, reuseStats: true });
  const fetchable = state.missing.filter((o) => o.cache);
  if (supply && fetchable.length > 0 && (await supply.fetchOutputs(stage, fetchable))) state = await checkFrozenStage(stage, evaluation);
  const problem = frozenProblem(stage, state);
  if (problem) return { status: end("failed", "frozen", { ...problem, frozen: true }) };
  const note = frozenEditNote(stage, state.modified);
  if (state.restorable.length === 0) return { status: end("skipped", "frozen", { frozen: true, ...(note ? { note } : {}) }) };
  const release = await claimStage(stage, ctx);
  state = await checkFrozenStage(stage, evaluation);
  if (state.restorable.length === 0) return { status: end("skipped", "frozen", { frozen: true, ...(note ? { note } : {}) }), release };
  const unusable = await restoreOutputs(stage, state.restorable, commit, !noCommit);
  if (unusable !== undefined) {
    const detail = `Fetch it with \`pivot pull ${stage.id}\`, or run \`pivot unfreeze ${stage.id}\` to recompute it.`;
    return { status: end("failed", "frozen", { error: `frozen, and the cache object of its output ${unusable} is missing or damaged`, detail, frozen: true }), release };
  }
  if (!noCommit) commit.hasher.flush();
  const restored = state.restorable.map((o) => o.path).join(", ");
  return { status: end("restored", `frozen; restored ${restored} from the cache`, { frozen: true, ...(note ? { note } : {}) }), release };
}
