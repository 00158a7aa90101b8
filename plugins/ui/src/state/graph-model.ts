import { NODE_HEIGHT, type PipelineGraph, type Project, describeBody, edgeLabel, layoutDag, viewOf } from "@pivot/core/internal";

/** A stage as the page draws it. */
export interface GraphNode {
  id: string;
  pipeline: string;
  x: number;
  y: number;
  width: number;
  /** What the stage runs (its command, or where its TS function is). */
  body: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** The paths linking the two stages. */
  label: string;
}

/** One pipeline's frame (drawn when more than one pipeline is shown). */
export interface GraphGroup {
  name: string;
  file: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphModel {
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: GraphGroup[];
  width: number;
  height: number;
  nodeHeight: number;
  pipelines: string[];
}

const GROUP_GAP = 48;
const GROUP_HEADER = 30;

/**
 * The stages and edges of the project with their positions, from the layout `dag --html` uses. With
 * several pipelines each is laid out alone and the frames are placed side by side.
 */
export function graphModel(project: Project): GraphModel {
  const graph: PipelineGraph = project.graph();
  const view = viewOf(graph, graph.stages.keys());
  const byPipeline = new Map<string, string[]>();
  for (const id of view.ids) {
    const file = graph.stage(id).pipeline.file;
    byPipeline.set(file, [...(byPipeline.get(file) ?? []), id]);
  }
  const grouped = byPipeline.size > 1;
  const nodes: GraphNode[] = [];
  const groups: GraphGroup[] = [];
  let left = 0;
  let height = 0;
  for (const [file, ids] of byPipeline) {
    const layout = layoutDag(graph, ids);
    const top = grouped ? GROUP_HEADER : 0;
    for (const id of ids) {
      const box = layout.boxes.get(id)!;
      const stage = graph.stage(id);
      nodes.push({ id, pipeline: stage.pipeline.name, x: Math.round(left + box.x), y: top + box.y, width: box.width, body: describeBody(stage) });
    }
    const name = graph.stage(ids[0]!).pipeline.name;
    groups.push({ name, file, x: left, y: 0, width: layout.width, height: top + layout.height });
    height = Math.max(height, top + layout.height);
    left += layout.width + (grouped ? GROUP_GAP : 0);
  }
  return {
    nodes,
    edges: view.edges.map((edge) => ({ from: edge.from, to: edge.to, label: edgeLabel(edge) })),
    groups: grouped ? groups : [],
    width: Math.max(160, left - (grouped ? GROUP_GAP : 0)),
    height,
    nodeHeight: NODE_HEIGHT,
    pipelines: project.pipelines.map((p) => p.name),
  };
}
