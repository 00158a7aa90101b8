import { predictStages } from "../engine/predict";
import { formatReason } from "../engine/reasons";
import { withProject } from "../project/with-project";
import type { ProjectView, StageStatus, WithProjectOptions } from "./project-view";

/** `withProject` of the plugin API, loaded on first use (the plugin entry stays light). */
export function withProjectView<T>(options: WithProjectOptions, fn: (project: ProjectView) => T | Promise<T>): Promise<T> {
  return withProject({ all: options.all, strict: options.strict, cwd: options.cwd }, (project) =>
    fn({
      root: project.root,
      stages: project.stages,
      pipelines: project.pipelines,
      status: async (targets = []): Promise<StageStatus[]> => {
        const { predictions } = await predictStages(project, { targets, upstream: true, rememberHashes: true });
        return predictions.map((p) => {
          const reasons = (p.frozen ? p.frozen.wouldRun : p.reasons).map((reason) => formatReason(reason));
          if (p.error) reasons.unshift(p.error);
          return { stage: p.id, upToDate: reasons.length === 0 && (p.frozen !== undefined || !p.willRun), reasons, frozen: p.frozen !== undefined };
        });
      },
    }),
  );
}
