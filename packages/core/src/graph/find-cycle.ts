/** Cycle detection over stage edges, with an error that walks the cycle path by path. */
import { PivotError } from "../errors/pivot-error";
import { describeStage } from "./describe-stage";
import type { EdgeLink } from "./link-stages";
import type { PipelineGraph } from "./pipeline-graph";

/**
 * The first cycle found, as stage ids in edge order (`[a, b, c]` means a → b → c → a; a stage
 * reading its own output gives `[a]`). Deterministic: roots and edges are taken in declaration order.
 */
export function findCycle(graph: PipelineGraph): string[] | undefined {
  const done = new Set<string>();
  for (const root of graph.stages.keys()) {
    if (done.has(root)) continue;
    const path: string[] = [root];
    const onPath = new Set(path);
    // One frame per stage on `path`: its downstream ids and how many were visited.
    const frames = [{ next: graph.downstreamOf(root), visited: 0 }];
    for (let frame = frames.at(-1); frame !== undefined; frame = frames.at(-1)) {
      const next = frame.next[frame.visited++];
      if (next === undefined) {
        frames.pop();
        const left = path.pop();
        if (left !== undefined) {
          onPath.delete(left);
          done.add(left);
        }
      } else if (onPath.has(next)) {
        return path.slice(path.indexOf(next));
      } else if (!done.has(next)) {
        path.push(next);
        onPath.add(next);
        frames.push({ next: graph.downstreamOf(next), visited: 0 });
      }
    }
  }
  return undefined;
}

/** Throws GRAPH_CYCLE naming every stage on the first cycle and the paths linking them. */
export function assertAcyclic(graph: PipelineGraph): void {
  const cycle = findCycle(graph);
  if (cycle !== undefined) throw cycleError(graph, cycle);
}

export function cycleError(graph: PipelineGraph, cycle: readonly string[]): PivotError {
  const first = cycle[0] ?? "";
  const stage = graph.stage(first);
  if (cycle.length === 1) {
    const link = firstLink(graph, first, first);
    const via = link.dep === link.out ? `'${link.out}'` : `'${link.dep}' (which holds its output '${link.out}')`;
    return new PivotError(
      "GRAPH_CYCLE",
      `Stage ${describeStage(stage)} depends on its own output: it reads ${via} (${first} → ${first})`,
      {
        hint:
          "A stage cannot read what it writes. Write the result to a new path, or declare it as an " +
          "incremental output if the stage updates it in place.",
      },
    );
  }
  const steps = cycle.map((from, index) => {
    const to = cycle[(index + 1) % cycle.length] ?? first;
    const link = firstLink(graph, from, to);
    const as = link.dep === link.out ? "" : ` as '${link.dep}'`;
    return `  ${describeStage(graph.stage(from))} writes '${link.out}', read by ${describeStage(graph.stage(to))}${as}`;
  });
  return new PivotError("GRAPH_CYCLE", `Circular dependency: ${[...cycle, first].join(" → ")}\n${steps.join("\n")}`, {
    hint: "Break the cycle: remove one of these deps, or have one of the stages write to a different path.",
  });
}

function firstLink(graph: PipelineGraph, from: string, to: string): EdgeLink {
  return graph.edge(from, to)?.links[0] ?? { out: "?", dep: "?" };
}
