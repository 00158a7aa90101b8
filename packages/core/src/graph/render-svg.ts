import { GENERATED_BY_PIVOT } from "../fs/write-report";
import { describeBody } from "../model/describe-body";
/**
 * The DAG as an SVG drawing and as a self-contained HTML page (no scripts, no network). Stages are
 * laid out in depth layers (`layersOf`) from top to bottom, each layer ordered by where its
 * upstream stages sit to keep edges short; edges are curves from a stage to each stage reading
 * its outputs, with the linking paths as a tooltip.
 */
import { edgeLabel, viewOf } from "./graph-view";
import type { PipelineGraph } from "./pipeline-graph";
import { layersOf } from "./topo-order";

const CHAR_WIDTH = 7.8;
/** Height of a stage box in the drawing (px). */
export const NODE_HEIGHT = 34;
const GAP_X = 24;
const GAP_Y = 56;
const PAD = 20;

/** Where one stage sits in the drawing (top-left corner and width, px). */
export interface Box {
  id: string;
  x: number;
  y: number;
  width: number;
}

const escapeXml = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

function orderLayers(graph: PipelineGraph, layers: string[][]): string[][] {
  const position = new Map<string, number>();
  return layers.map((layer, depth) => {
    const weight = (id: string) => {
      const ups = graph.upstreamOf(id).filter((up) => position.has(up));
      return ups.length === 0 ? graph.orderOf(id) : ups.reduce((sum, up) => sum + position.get(up)!, 0) / ups.length;
    };
    const ordered = depth === 0 ? layer : [...layer].sort((a, b) => weight(a) - weight(b) || graph.orderOf(a) - graph.orderOf(b));
    ordered.forEach((id, index) => position.set(id, index));
    return ordered;
  });
}

/** Positions of the stages `ids` in depth layers, and the size of the drawing (`dag --html`, `pivot ui`). */
export function layoutDag(graph: PipelineGraph, ids: Iterable<string>): { boxes: Map<string, Box>; width: number; height: number } {
  const layers = orderLayers(graph, layersOf(graph, ids));
  const widthOf = (id: string) => Math.max(80, Math.ceil(id.length * CHAR_WIDTH) + 24);
  const rowWidths = layers.map((layer) => layer.reduce((sum, id) => sum + widthOf(id), 0) + GAP_X * Math.max(0, layer.length - 1));
  const width = Math.max(160, ...rowWidths) + 2 * PAD;
  const boxes = new Map<string, Box>();
  layers.forEach((layer, depth) => {
    let x = (width - (rowWidths[depth] ?? 0)) / 2;
    for (const id of layer) {
      boxes.set(id, { id, x, y: PAD + depth * (NODE_HEIGHT + GAP_Y), width: widthOf(id) });
      x += widthOf(id) + GAP_X;
    }
  });
  return { boxes, width, height: PAD * 2 + Math.max(1, layers.length) * (NODE_HEIGHT + GAP_Y) - GAP_Y };
}

/** The stages `ids` and the edges among them as one `<svg>` element. */
export function renderSvg(graph: PipelineGraph, ids: Iterable<string>): string {
  const view = viewOf(graph, ids);
  const { boxes, width, height } = layoutDag(graph, view.ids);
  const edges = view.edges.map((edge) => {
    const from = boxes.get(edge.from)!;
    const to = boxes.get(edge.to)!;
    const x1 = from.x + from.width / 2;
    const y1 = from.y + NODE_HEIGHT;
    const x2 = to.x + to.width / 2;
    const y2 = to.y - 4;
    const bend = Math.max(24, (y2 - y1) / 2);
    const d = `M${x1.toFixed(1)},${y1} C${x1.toFixed(1)},${y1 + bend} ${x2.toFixed(1)},${y2 - bend} ${x2.toFixed(1)},${y2}`;
    return `<path class="edge" data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}" d="${d}" marker-end="url(#arrow)"><title>${escapeXml(edgeLabel(edge))}</title></path>`;
  });
  const nodes = view.ids.map((id) => {
    const box = boxes.get(id)!;
    const stage = graph.stage(id);
    const body = describeBody(stage);
    return `<g class="stage" data-stage="${escapeXml(id)}"><title>${escapeXml(`${id}: ${body}`)}</title><rect x="${box.x.toFixed(1)}" y="${box.y}" width="${box.width}" height="${NODE_HEIGHT}" rx="6"/><text x="${(box.x + box.width / 2).toFixed(1)}" y="${box.y + NODE_HEIGHT / 2}">${escapeXml(id)}</text></g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${height}" viewBox="0 0 ${Math.ceil(width)} ${height}" role="img">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#666"/></marker></defs>
${edges.join("\n")}
${nodes.join("\n")}
</svg>`;
}

const STYLE = `body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }
h1 { font-size: 20px; margin: 0 0 4px; } .meta { color: #666; margin: 0 0 16px; }
.stage rect { fill: #eef3fb; stroke: #4c78a8; stroke-width: 1.5; }
.stage text { font: 13px ui-monospace, monospace; text-anchor: middle; dominant-baseline: central; fill: #1b2a3a; }
.edge { fill: none; stroke: #666; stroke-width: 1.4; } .edge:hover { stroke: #f58518; stroke-width: 2.5; }`;

/** A self-contained HTML page showing the DAG (inline SVG, no scripts, opens offline). */
export function renderDagHtml(graph: PipelineGraph, ids: Iterable<string>, title = "Pipeline DAG"): string {
  const view = viewOf(graph, ids);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
${GENERATED_BY_PIVOT}
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeXml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeXml(title)}</h1>
<p class="meta">${view.ids.length} stage${view.ids.length === 1 ? "" : "s"}, ${view.edges.length} edge${view.edges.length === 1 ? "" : "s"} · made by pivot</p>
${renderSvg(graph, view.ids)}
</body>
</html>
`;
}
