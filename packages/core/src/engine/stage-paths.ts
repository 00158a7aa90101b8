import type { Project } from "../project/open-project";
import type { StateStore } from "../plugin/state-backend";

/** Every dep and out of the given stages with the state store that judges it (for PathHasher.prefetch). */
export function* stagePaths(project: Project, stageIds: Iterable<string>): Generator<{ path: string; store: StateStore }> {
  const graph = project.graph();
  for (const id of stageIds) {
    const stage = graph.stage(id);
    const store = project.state.forStage(stage);
    for (const dep of stage.deps) yield { path: dep.path, store };
    for (const out of stage.outs) yield { path: out.path, store };
  }
}
