import type { Stage } from "../model/pipeline";
import type { Project } from "../project/open-project";
import { PathTrie } from "./path-trie";
import { PipelineGraph } from "./pipeline-graph";
import { matchTarget } from "./select-targets";

/**
 * A graph of the project's stages without their links: enough to match targets by name, and it
 * never fails, so a pipeline whose data is not there yet (a graph error for `repro`) can still be
 * inspected.
 */
export function looseGraph(project: Project): PipelineGraph {
  return new PipelineGraph(new Map(project.stages.map((stage) => [stage.id, stage])), new PathTrie(), { from: new Int32Array(0), to: new Int32Array(0) });
}

/**
 * The stages named by targets (ids, globs like `train@*`, matrix base names), in declaration
 * order; every stage without targets.
 */
export function stagesNamed(project: Project, targets: readonly string[]): Stage[] {
  if (targets.length === 0) return project.stages;
  const graph = looseGraph(project);
  const wanted = new Set(targets.flatMap((target) => matchTarget(graph, target)));
  return project.stages.filter((stage) => wanted.has(stage.id));
}
