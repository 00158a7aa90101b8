import { errorMessage } from "../errors/pivot-error";
import { selectStages } from "../graph/select-targets";
import { topoOrder } from "../graph/topo-order";
import type { Project } from "../project/open-project";
import { evaluateStage } from "./evaluate-stage";
import { ExecutorSet } from "./executors";
import { ParamsReader } from "./params";
import { PathHasher } from "./path-hasher";
import type { RunReason } from "./reasons";

export interface StagePrediction {
  id: string;
  willRun: boolean;
  /** Outputs a run would restore from the cache instead of running. */
  restore: string[];
  reasons: RunReason[];
  /** Set when the stage could not be evaluated (bad params file …). */
  error?: string;
}

export interface PredictOptions {
  targets: readonly string[];
  upstream: boolean;
  force?: boolean;
  /** Keep new hash-cache entries (status does; dry runs change nothing). */
  rememberHashes: boolean;
}

/**
 * What `repro` would do, without doing it: for each selected stage in order, whether it runs and
 * why (including "an upstream stage will run"), or which outputs it would restore.
 */
export async function predictStages(project: Project, options: PredictOptions): Promise<{ predictions: StagePrediction[]; hashedFiles: number }> {
  const graph = project.graph();
  const order = topoOrder(graph, selectStages(graph, options.targets, { upstream: options.upstream }));
  const hasher = new PathHasher(project.root);
  const params = new ParamsReader(project.root);
  const executors = new ExecutorSet(project);
  const willRun = new Set<string>();
  const predictions: StagePrediction[] = [];
  for (const id of order) {
    const stage = graph.stage(id);
    const upstreamRunning = graph.upstreamOf(id).filter((u) => willRun.has(u));
    try {
      const evaluation = await evaluateStage(
        stage,
        { hasher, params, cacheDir: project.config.cacheDir, store: project.state.forStage(stage), codeOf: executors.codeOf },
        { force: options.force, upstreamRunning },
      );
      const runs = evaluation.reasons.length > 0;
      if (runs) willRun.add(id);
      predictions.push({ id, willRun: runs, restore: evaluation.restorable.map((o) => o.path), reasons: evaluation.reasons });
    } catch (error) {
      willRun.add(id);
      predictions.push({ id, willRun: true, restore: [], reasons: [], error: errorMessage(error) });
    }
  }
  await executors.disposeAll();
  if (options.rememberHashes) hasher.flush();
  else hasher.discard();
  return { predictions, hashedFiles: hasher.hashedFiles };
}
