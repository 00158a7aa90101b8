/**
 * The DAG in Graphviz DOT. Stage nodes are the quoted stage ids; with `showOutputs`, output nodes
 * are `"out:<path>"` labelled with the path, drawn as notes.
 */
import { edgeLabel, type RenderOptions, viewOf } from "./graph-view";
import type { PipelineGraph } from "./pipeline-graph";

export function renderDot(graph: PipelineGraph, ids: Iterable<string>, options: RenderOptions = {}): string {
  const view = viewOf(graph, ids);
  const lines = ["digraph pivot {", "  rankdir=TB;", "  node [shape=box];"];
  for (const id of view.ids) lines.push(`  ${quote(id)};`);
  if (options.showOutputs) {
    for (const id of view.ids) {
      for (const out of graph.stage(id).outs) {
        lines.push(`  ${quote(`out:${out.path}`)} [label=${quote(out.path)}, shape=note];`);
        lines.push(`  ${quote(id)} -> ${quote(`out:${out.path}`)};`);
      }
    }
    for (const edge of view.edges) {
      for (const out of new Set(edge.links.map((link) => link.out))) {
        lines.push(`  ${quote(`out:${out}`)} -> ${quote(edge.to)};`);
      }
    }
  } else {
    for (const edge of view.edges) {
      const attributes = options.showPaths ? ` [label=${quote(edgeLabel(edge))}]` : "";
      lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)}${attributes};`);
    }
  }
  lines.push("}");
  return lines.join("\n");
}

/** A DOT quoted string. */
function quote(text: string): string {
  return `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}
