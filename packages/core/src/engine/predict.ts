import { errorMessage } from "../errors/pivot-error";
import type { Project } from "../project/open-project";
import { type EvaluationContext, evaluateStage } from "./evaluate-stage";
import { checkFrozenStage, frozenProblem, reasonsIfThawed } from "./frozen-stage";
import type { Stage } from "../model/pipeline";
import type { DataAvailability } from "../remote/data-availability";
import { ExecutorSet } from "./executors";
import { ParamsReader } from "./params";
import type { RunReason } from "./reasons";
import type { SeenSignature } from "../up-to-date/record-snapshot";
import { seenBy } from "./seen-signatures";
import { GcPacer } from "./gc-pacer";
import { beginCheck } from "./begin-check";
import { NO_ITEMS, orNoItems } from "../model/no-items";

export interface StagePrediction {
  id: string;
  willRun: boolean;
  /** Outputs a run would restore from the cache instead of running. */
  restore: string[];
  /** Outputs and deps absent from the workspace but accepted: their objects are available (`--allow-missing`). */
  absent?: string[];
  reasons: RunReason[];
  /** Set when the stage could not be evaluated (bad params file …). */
  error?: string;
  /** The stage is frozen: it never runs; what would make it run, and outputs kept though edited. */
  frozen?: { wouldRun: RunReason[]; modified: string[] };
}

export interface PredictOptions {
  targets: readonly string[];
  upstream: boolean;
  /** Include everything downstream of the targets. */
  downstream?: boolean;
  force?: boolean;
  /** Keep new hash-cache entries (status does; dry runs change nothing). */
  rememberHashes: boolean;
  /** `--allow-missing`: recorded data absent from the workspace but available is accepted. */
  missingData?: DataAvailability;
  /**
   * Stages known up to date without looking (see vouchedStages): reported so unless an upstream
   * stage will run, in which case they are checked.
   */
  vouched?: ReadonlySet<string>;
}

/**
 * What `repro` would do, without doing it: for each selected stage in order, whether it runs and
 * why (including "an upstream stage will run"), or which outputs it would restore.
 */
export async function predictStages(project: Project, options: PredictOptions): Promise<{ predictions: StagePrediction[]; hashedFiles: number; seen: SeenSignature }> {
  const { graph, order, vouched, toCheck, hasher, locks } = beginCheck(project, options, { writeLocks: options.rememberHashes });
  const params = new ParamsReader(project.root);
  const executors = new ExecutorSet(project);
  const willRun = new Set<string>();
  const predictions: StagePrediction[] = [];
  const gc = new GcPacer();
  for (const id of order) {
    gc.tick();
    const stage = graph.stage(id);
    const upstreamRunning = graph.upstreamOf(id).filter((u) => willRun.has(u));
    if (vouched?.has(id) && upstreamRunning.length === 0 && !stage.frozen) {
      predictions.push({ id, willRun: false, restore: NO_ITEMS, reasons: NO_ITEMS });
      continue;
    }
    const ctx: EvaluationContext = {
      hasher,
      params,
      cacheDir: project.config.cacheDir,
      store: project.state.forStage(stage),
      codeOf: executors.codeOf,
      reuseStats: true,
      locks,
      ...(options.missingData ? { missingData: options.missingData } : {}),
    };
    if (stage.frozen) {
      predictions.push(await predictFrozen(stage, ctx));
      continue;
    }
    try {
      const evaluation = await evaluateStage(stage, ctx, { force: options.force, upstreamRunning });
      const orphans = evaluation.inputs.missingDeps.filter((path) => graph.producersOf(path).length === 0);
      if (orphans.length > 0) {
        willRun.add(id);
        const error = `dep ${orphans.join(", ")} ${orphans.length === 1 ? "is" : "are"} missing and no stage produces ${orphans.length === 1 ? "it" : "them"}: create, \`pivot track\` or add the stage producing ${orphans.length === 1 ? "it" : "them"}`;
        predictions.push({ id, willRun: true, restore: [], reasons: evaluation.reasons, error });
        continue;
      }
      const runs = evaluation.reasons.length > 0;
      if (runs) willRun.add(id);
      predictions.push({
        id,
        willRun: runs,
        restore: orNoItems(evaluation.restorable.map((o) => o.path)),
        reasons: orNoItems(evaluation.reasons),
        ...(evaluation.absent.length > 0 ? { absent: evaluation.absent } : {}),
      });
    } catch (error) {
      willRun.add(id);
      predictions.push({ id, willRun: true, restore: [], reasons: [], error: errorMessage(error) });
    }
  }
  await executors.disposeAll();
  locks.flush();
  if (options.rememberHashes) hasher.flush();
  else hasher.discard();
  GcPacer.betweenPhases(toCheck.length);
  return { predictions, hashedFiles: hasher.hashedFiles, seen: seenBy(hasher, locks) };
}

/** A frozen stage never runs: it is up to date, restorable, or in error (never ran, output nowhere to be had). */
async function predictFrozen(stage: Stage, ctx: EvaluationContext): Promise<StagePrediction> {
  const state = await checkFrozenStage(stage, ctx);
  const problem = frozenProblem(stage, state);
  const wouldRun = await reasonsIfThawed(stage, state.lockRead, ctx);
  return {
    id: stage.id,
    willRun: false,
    restore: state.restorable.map((o) => o.path),
    reasons: [],
    frozen: { wouldRun, modified: state.modified },
    ...(state.absent.length > 0 ? { absent: state.absent } : {}),
    ...(problem ? { error: `${problem.error}. ${problem.detail}` } : {}),
  };
}
