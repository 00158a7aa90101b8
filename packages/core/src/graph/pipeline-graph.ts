/**
 * The stage DAG: stages in declaration order, direct edges both ways with the paths that link
 * them, and path queries (who produces a path, who reads it). Build one with `buildGraph`, which
 * validates before constructing; the graph itself assumes valid input.
 */
import { PivotError } from "../errors/pivot-error";
import type { Stage } from "../model/pipeline";
import type { Producer } from "./check-outputs";
import { outputsLinkedTo, type StageEdge } from "./link-stages";
import { PathTrie } from "./path-trie";

export class PipelineGraph {
  /** Stages by id, in declaration order. */
  readonly stages: ReadonlyMap<string, Stage>;
  /** Every edge, ordered by producer then consumer declaration order. */
  readonly edges: readonly StageEdge[];
  readonly #order = new Map<string, number>();
  readonly #outputs: PathTrie<Producer>;
  /** Dep path → reading stage ids; built on first `consumersOf`. */
  #deps: PathTrie<string[]> | undefined;
  readonly #incoming = new Map<string, StageEdge[]>();
  readonly #outgoing = new Map<string, StageEdge[]>();

  constructor(stages: ReadonlyMap<string, Stage>, outputs: PathTrie<Producer>, edges: readonly StageEdge[]) {
    this.stages = stages;
    this.#outputs = outputs;
    for (const id of stages.keys()) {
      this.#order.set(id, this.#order.size);
      this.#incoming.set(id, []);
      this.#outgoing.set(id, []);
    }
    // Two stable counting sorts (by consumer, then by producer): ordered without a comparator.
    this.edges = this.#sortedBy(this.#sortedBy(edges, (edge) => edge.to), (edge) => edge.from);
    for (const edge of this.edges) {
      this.#outgoing.get(edge.from)?.push(edge);
      this.#incoming.get(edge.to)?.push(edge);
    }
  }

  /** The stage with this id; throws INTERNAL for an id not in the graph. */
  stage(id: string): Stage {
    const stage = this.stages.get(id);
    if (stage === undefined) throw unknownId(id);
    return stage;
  }

  /** Position of the stage in declaration order (the tie-breaker everywhere). */
  orderOf(id: string): number {
    const index = this.#order.get(id);
    if (index === undefined) throw unknownId(id);
    return index;
  }

  /** Stages this one reads from directly, in declaration order. */
  upstreamOf(id: string): readonly string[] {
    // Edges are sorted by producer then consumer, so both lists come out in declaration order.
    return this.#edges(this.#incoming, id).map((edge) => edge.from);
  }

  /** Stages that read this one's outputs directly, in declaration order. */
  downstreamOf(id: string): readonly string[] {
    return this.#edges(this.#outgoing, id).map((edge) => edge.to);
  }

  /** Edges into the stage, then edges out of it, each with the paths that link the two stages. */
  edgesFor(id: string): StageEdge[] {
    return [...this.#edges(this.#incoming, id), ...this.#edges(this.#outgoing, id)];
  }

  /** The edge `from → to`, if `to` reads something `from` writes. */
  edge(from: string, to: string): StageEdge | undefined {
    return this.#edges(this.#outgoing, from).find((edge) => edge.to === to);
  }

  /** The output holding `path`: declared at exactly that path, or a folder output containing it. */
  producerOf(path: string): Producer | undefined {
    return this.#outputs.get(path) ?? this.#outputs.ancestorsOf(path)[0]?.value;
  }

  /** Every output a dep on `path` reads: at, around or inside it. Empty when nothing produces it. */
  producersOf(path: string): Producer[] {
    return outputsLinkedTo(this.#outputs, path).map((entry) => entry.value);
  }

  /** Stages with a dep at, around or inside `path` (what a change to `path` affects directly). */
  consumersOf(path: string): string[] {
    const deps = (this.#deps ??= this.#indexDeps());
    return [...new Set(deps.overlapping(path).flatMap((entry) => entry.value))].sort(this.#byOrder);
  }

  /** Every declared output, in declaration order. */
  outputs(): Producer[] {
    return [...this.stages.values()].flatMap((stage) => stage.outs.map((out) => ({ stage, out })));
  }

  readonly #byOrder = (a: string, b: string): number => this.orderOf(a) - this.orderOf(b);

  /** `edges` stably ordered by the declaration order of the stage `key` names. */
  #sortedBy(edges: readonly StageEdge[], key: (edge: StageEdge) => string): StageEdge[] {
    const starts = new Int32Array(this.#order.size + 1);
    const ranks = edges.map((edge) => this.orderOf(key(edge)));
    for (const rank of ranks) starts[rank + 1]! += 1;
    for (let i = 1; i < starts.length; i++) starts[i]! += starts[i - 1]!;
    const sorted = new Array<StageEdge>(edges.length);
    edges.forEach((edge, i) => {
      sorted[starts[ranks[i]!]!++] = edge;
    });
    return sorted;
  }

  #indexDeps(): PathTrie<string[]> {
    const deps = new PathTrie<string[]>();
    for (const [id, stage] of this.stages) {
      for (const dep of stage.deps) {
        const readers = deps.get(dep.path);
        if (readers === undefined) deps.set(dep.path, [id]);
        else if (!readers.includes(id)) readers.push(id);
      }
    }
    return deps;
  }

  #edges(index: Map<string, StageEdge[]>, id: string): StageEdge[] {
    const edges = index.get(id);
    if (edges === undefined) throw unknownId(id);
    return edges;
  }
}

function unknownId(id: string): PivotError {
  return new PivotError("INTERNAL", `Stage '${id}' is not in the pipeline graph`);
}
