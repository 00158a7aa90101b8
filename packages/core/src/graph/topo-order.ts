/** Deterministic execution order (Kahn's algorithm, ties by declaration order) and depth layers. */
import { PivotError } from "../errors/pivot-error";
import { cycleError, findCycle } from "./find-cycle";
import { MinHeap } from "./min-heap";
import type { PipelineGraph } from "./pipeline-graph";

/**
 * Stage ids in dependency order: every stage after the stages it reads from; among stages free to
 * go, the one declared first goes first. With `ids`, the order of the whole graph restricted to them
 * (so `a` still precedes `c` when `a → b → c` and only `a`, `c` are asked for).
 */
export function topoOrder(graph: PipelineGraph, ids?: Iterable<string>): string[] {
  const size = graph.stages.size;
  // Upstream stages not placed yet, by declaration index (one edge per producer–consumer pair).
  const waiting = new Int32Array(size);
  for (let index = 0; index < size; index++) waiting[index] = graph.upstreamCount(index);
  const ready = new MinHeap();
  for (let index = 0; index < size; index++) if (waiting[index] === 0) ready.push(index);
  const order: string[] = [];
  for (let index = ready.pop(); index !== undefined; index = ready.pop()) {
    order.push(graph.idAt(index));
    for (const next of graph.downstreamIndexes(index)) {
      waiting[next]! -= 1;
      if (waiting[next] === 0) ready.push(next);
    }
  }
  if (order.length < size) {
    const cycle = findCycle(graph);
    throw cycle ? cycleError(graph, cycle) : new PivotError("INTERNAL", "Topological order is incomplete");
  }
  if (ids === undefined) return order;
  const wanted = new Set(ids);
  for (const id of wanted) graph.orderOf(id);
  return order.filter((id) => wanted.has(id));
}

/**
 * `ids` grouped by depth within them: layer 0 reads from none of the others, layer n from at least
 * one stage in layer n-1. Each layer is in declaration order.
 */
export function layersOf(graph: PipelineGraph, ids: Iterable<string>): string[][] {
  const order = topoOrder(graph, ids);
  const depth = new Map<string, number>();
  const layers: string[][] = [];
  for (const id of order) {
    const below = graph.upstreamOf(id).map((up) => depth.get(up) ?? -1);
    const level = Math.max(-1, ...below) + 1;
    depth.set(id, level);
    (layers[level] ??= []).push(id);
  }
  for (const layer of layers) layer.sort((a, b) => graph.orderOf(a) - graph.orderOf(b));
  return layers;
}
