/**
 * The DAG as plain text, one stage per line, grouped in numbered layers by depth; each stage lists
 * the drawn stages it reads from after `←`:
 *
 *     [1] prepare
 *     [2] train@a  ← prepare
 *         train@b  ← prepare
 *     [3] evaluate ← train@a, train@b
 */
import { edgeLabel, type RenderOptions } from "./graph-view";
import type { PipelineGraph } from "./pipeline-graph";
import { layersOf } from "./topo-order";

export function renderAscii(graph: PipelineGraph, ids: Iterable<string>, options: RenderOptions = {}): string {
  const layers = layersOf(graph, ids);
  if (layers.length === 0) return "(empty graph)";
  const drawn = new Set(layers.flat());
  const nameWidth = Math.max(...[...drawn].map((id) => id.length));
  const tagWidth = `[${layers.length}]`.length;
  const lines: string[] = [];
  layers.forEach((layer, depth) => {
    layer.forEach((id, index) => {
      const tag = (index === 0 ? `[${depth + 1}]` : "").padEnd(tagWidth);
      const sources = graph.edgesFor(id).filter((edge) => edge.to === id && drawn.has(edge.from));
      const from = sources.map((edge) => (options.showPaths ? `${edge.from} (${edgeLabel(edge)})` : edge.from));
      lines.push(from.length === 0 ? `${tag} ${id}` : `${tag} ${id.padEnd(nameWidth)} ← ${from.join(", ")}`);
      if (options.showOutputs) {
        for (const out of graph.stage(id).outs) lines.push(`${" ".repeat(tagWidth)}   → ${out.path}`);
      }
    });
  });
  return lines.join("\n");
}
