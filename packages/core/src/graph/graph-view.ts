/** What the renderers draw: the chosen stages in execution order and the edges among them. */
import type { StageEdge } from "./link-stages";
import type { PipelineGraph } from "./pipeline-graph";
import { topoOrder } from "./topo-order";

export interface RenderOptions {
  /** Draw every output of the drawn stages as its own node (stage → artifact → stage). */
  showOutputs?: boolean;
  /** Label stage edges with the output paths that link them. */
  showPaths?: boolean;
}

export interface GraphView {
  /** Stage ids in execution order. */
  ids: string[];
  /** Edges with both ends drawn, by producer then consumer position in `ids`. */
  edges: StageEdge[];
}

export function viewOf(graph: PipelineGraph, ids: Iterable<string>): GraphView {
  const order = topoOrder(graph, ids);
  const position = new Map(order.map((id, index) => [id, index]));
  const at = (id: string) => position.get(id) ?? 0;
  const edges = graph.edges
    .filter((edge) => position.has(edge.from) && position.has(edge.to))
    .sort((a, b) => at(a.from) - at(b.from) || at(a.to) - at(b.to));
  return { ids: order, edges };
}

/** The output paths an edge carries, for labels: `data/a.csv, data/b.csv`. */
export function edgeLabel(edge: StageEdge): string {
  return [...new Set(edge.links.map((link) => link.out))].join(", ");
}
