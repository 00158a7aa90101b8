/**
 * The DAG as a Mermaid flowchart. Node ids are generated (`s1`, `s2`, … for stages, `o1`, … for
 * outputs) so any stage name is safe; names appear only in quoted labels.
 */
import { edgeLabel, type RenderOptions, viewOf } from "./graph-view";
import type { PipelineGraph } from "./pipeline-graph";

export function renderMermaid(graph: PipelineGraph, ids: Iterable<string>, options: RenderOptions = {}): string {
  const view = viewOf(graph, ids);
  const stageNode = new Map(view.ids.map((id, index) => [id, `s${index + 1}`]));
  const lines = ["flowchart TD"];
  for (const id of view.ids) lines.push(`  ${stageNode.get(id)}["${label(id)}"]`);
  if (options.showOutputs) {
    const outNode = new Map<string, string>();
    for (const id of view.ids) {
      for (const out of graph.stage(id).outs) {
        const node = `o${outNode.size + 1}`;
        outNode.set(out.path, node);
        lines.push(`  ${node}[("${label(out.path)}")]`);
        lines.push(`  ${stageNode.get(id)} --> ${node}`);
      }
    }
    for (const edge of view.edges) {
      for (const out of new Set(edge.links.map((link) => link.out))) {
        lines.push(`  ${outNode.get(out)} --> ${stageNode.get(edge.to)}`);
      }
    }
    return lines.join("\n");
  }
  for (const edge of view.edges) {
    const arrow = options.showPaths ? `-->|"${label(edgeLabel(edge))}"|` : "-->";
    lines.push(`  ${stageNode.get(edge.from)} ${arrow} ${stageNode.get(edge.to)}`);
  }
  return lines.join("\n");
}

/** Text safe inside a quoted Mermaid label. */
function label(text: string): string {
  return text.replaceAll("&", "#amp;").replaceAll('"', "#quot;").replaceAll("<", "#lt;").replaceAll(">", "#gt;");
}
