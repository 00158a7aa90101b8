/** Transitive closures over stage edges. */
import type { PipelineGraph } from "./pipeline-graph";

/** `ids` plus every stage they read from, directly or through others. */
export function upstreamClosure(graph: PipelineGraph, ids: Iterable<string>): Set<string> {
  return walk(ids, (id) => graph.upstreamOf(id));
}

/** `ids` plus every stage that reads their outputs, directly or through others. */
export function downstreamClosure(graph: PipelineGraph, ids: Iterable<string>): Set<string> {
  return walk(ids, (id) => graph.downstreamOf(id));
}

function walk(start: Iterable<string>, next: (id: string) => readonly string[]): Set<string> {
  const seen = new Set(start);
  const queue = [...seen];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    for (const neighbour of next(id)) {
      if (!seen.has(neighbour)) {
        seen.add(neighbour);
        queue.push(neighbour);
      }
    }
  }
  return seen;
}
