import { explainFileSystemError } from "../errors/fs-failure";
import { type CommitContext, commitStageOutputs } from "../engine/commit-outputs";
import { evaluateStage } from "../engine/evaluate-stage";
import { ExecutorSet } from "../engine/executors";
import { ParamsReader } from "../engine/params";
import { PathHasher } from "../engine/path-hasher";
import { summarizeReasons } from "../engine/reasons";
import { PivotError, errorMessage } from "../errors/pivot-error";
import { selectStages } from "../graph/select-targets";
import { acquireRunSentinel } from "../lock/run-sentinel";
import type { Project } from "../project/open-project";

export interface CommitOptions {
  /** Stage names or globs. Named stages are recorded even when nothing changed; none: every stale stage. */
  targets: readonly string[];
}

export interface CommitReport {
  /** Stages whose lock file was written, with why they were stale ("unchanged" when named and up to date). */
  committed: Array<{ stage: string; reason: string }>;
  /** Stages left alone because their lock already matches the workspace (no targets given). */
  unchanged: string[];
  failed: Array<{ stage: string; error: string; hint?: string }>;
  /** Frozen stages whose workspace differs from their lock: recorded only when named. */
  frozen: Array<{ stage: string; reason: string }>;
}

/**
 * `pivot commit`: records the workspace state of stages exactly as a run would have — deps hashed,
 * outputs hashed and cached (linked in hardlink/symlink mode), the lock file and state rows written
 * by the same engine functions a run uses — without running anything. The usual follow-up of
 * `repro --no-commit`, or the "trust me" path after a change known not to alter the outputs.
 * A frozen stage is recorded only when named.
 */
export async function commitStages(project: Project, options: CommitOptions): Promise<CommitReport> {
  const graph = project.graph();
  const named = options.targets.length > 0;
  const order = selectStages(graph, options.targets, { upstream: false });
  const hasher = new PathHasher(project.root);
  const params = new ParamsReader(project.root);
  const executors = new ExecutorSet(project);
  const report: CommitReport = { committed: [], unchanged: [], failed: [], frozen: [] };
  try {
    for (const id of order) {
      const stage = graph.stage(id);
      const store = project.state.forStage(stage);
      let release: (() => void) | undefined;
      try {
        release = acquireRunSentinel(stage);
        const evaluation = await evaluateStage(stage, { hasher, params, cacheDir: project.config.cacheDir, store, codeOf: executors.codeOf }, {});
        if (!named && evaluation.reasons.length === 0) {
          report.unchanged.push(id);
          continue;
        }
        if (!named && stage.frozen) {
          report.frozen.push({ stage: id, reason: summarizeReasons(evaluation.reasons) });
          continue;
        }
        const missing = evaluation.inputs.missingDeps;
        if (missing.length > 0) {
          throw new PivotError("DEPENDENCY_MISSING", `dep ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} missing`, {
            hint: "A commit records existing files; create the dep (or run the stage producing it), then commit again.",
          });
        }
        const ctx: CommitContext = { projectRoot: project.root, cacheDir: project.config.cacheDir, linkModes: project.config.linkModes, hasher, store };
        await commitStageOutputs(stage, evaluation.inputs, ctx);
        report.committed.push({ stage: id, reason: summarizeReasons(evaluation.reasons) });
      } catch (caught) {
        const error = explainFileSystemError(caught);
        const hint = error instanceof PivotError ? error.hint : undefined;
        report.failed.push({ stage: id, error: errorMessage(error), ...(hint ? { hint } : {}) });
      } finally {
        release?.();
      }
    }
  } finally {
    await executors.disposeAll();
    hasher.flush();
  }
  return report;
}
