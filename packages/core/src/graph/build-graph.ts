/**
 * Builds and validates the stage DAG. Checks, in order: unique stage ids, outputs (duplicates,
 * overlaps), cycles (including a stage reading its own output), then missing deps.
 */
import type { Stage } from "../model/pipeline";
import { assertDepsExist } from "./check-deps";
import { indexOutputs } from "./check-outputs";
import { indexStageIds } from "./check-stage-ids";
import { assertAcyclic } from "./find-cycle";
import { linkStages } from "./link-stages";
import { existsInProject } from "./path-exists";
import { PipelineGraph } from "./pipeline-graph";

export interface BuildGraphOptions {
  /** Project root for the default `exists` (default: the current directory). */
  projectRoot?: string;
  /** Whether a project path is present on disk or tracked (default: `existsInProject(projectRoot)`). */
  exists?: (projectPath: string) => boolean;
  /**
   * Skip the missing-dependency check (for `status`, `dag`, watch). Stage ids, outputs and cycles
   * are always checked.
   */
  allowMissingDeps?: boolean;
}

/** The validated DAG of `stages`; their order is the declaration order every tie is broken by. */
export function buildGraph(stages: readonly Stage[], options: BuildGraphOptions = {}): PipelineGraph {
  const byId = indexStageIds(stages);
  const outputs = indexOutputs(stages);
  const graph = new PipelineGraph(byId, outputs, linkStages(stages, outputs));
  assertAcyclic(graph);
  if (options.allowMissingDeps !== true) {
    assertDepsExist(graph, options.exists ?? existsInProject(options.projectRoot ?? process.cwd()));
  }
  return graph;
}
