import { selectStages } from "../graph/select-targets";
import { topoOrder } from "../graph/topo-order";
import { LockIndex } from "../lock/lock-index";
import type { Project } from "../project/open-project";
import { GcPacer } from "./gc-pacer";
import { PathHasher } from "./path-hasher";
import { stagePaths } from "./stage-paths";

export interface CheckSelection {
  targets: readonly string[];
  upstream: boolean;
  downstream?: boolean;
  force?: boolean;
  /** Stages the last up-to-date snapshot vouches for (ignored with `force`). */
  vouched?: ReadonlySet<string>;
}

/**
 * What a check (`status`, dry runs) and a run both start from: the selected stages in order, the
 * ones to look at (all but those vouched for), their deps and outputs stat'ed with their hash rows
 * looked up at once, and a lock index over them (`writeLocks`: keep new index rows).
 */
export function beginCheck(project: Project, selection: CheckSelection, options: { writeLocks: boolean }) {
  const graph = project.graph();
  const order = topoOrder(graph, selectStages(graph, selection.targets, { upstream: selection.upstream, downstream: selection.downstream === true }));
  const vouched = selection.force ? undefined : selection.vouched;
  const toCheck = vouched ? order.filter((id) => !vouched.has(id)) : order;
  const hasher = new PathHasher(project.root);
  hasher.prefetch(stagePaths(project, toCheck));
  GcPacer.betweenPhases(toCheck.length);
  const locks = new LockIndex(toCheck.map((id) => graph.stage(id)), (stage) => project.state.forStage(stage), { write: options.writeLocks });
  return { graph, order, vouched, toCheck, hasher, locks };
}
