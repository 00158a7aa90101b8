/**
 * The stage DAG: stages in declaration order, direct edges both ways, and path queries (who
 * produces a path, who reads it). Build one with `buildGraph`, which validates before
 * constructing; the graph itself assumes valid input.
 */
import { PivotError } from "../errors/pivot-error";
import type { Stage } from "../model/pipeline";
import type { Producer } from "./check-outputs";
import { type EdgePairs, linksBetween, outputsLinkedTo, type StageEdge } from "./link-stages";
import { type Adjacency, adjacency, rangeOf } from "./adjacency";
import { PathTrie } from "./path-trie";


export class PipelineGraph {
  /** Stages by id, in declaration order. */
  readonly stages: ReadonlyMap<string, Stage>;
  readonly #ids: string[];
  readonly #list: Stage[];
  readonly #order = new Map<string, number>();
  readonly #outputs: PathTrie<Producer>;
  /** Dep path → reading stage ids; built on first `consumersOf`. */
  #deps: PathTrie<string[]> | undefined;
  /** Producers of each stage, and consumers of each stage. */
  readonly #up: Adjacency;
  readonly #down: Adjacency;
  #edges: StageEdge[] | undefined;

  /** `pairs`: the edges by declaration index, ordered by consumer then producer (see `linkStages`). */
  constructor(stages: ReadonlyMap<string, Stage>, outputs: PathTrie<Producer>, pairs: EdgePairs) {
    this.stages = stages;
    this.#outputs = outputs;
    this.#ids = [...stages.keys()];
    this.#list = [...stages.values()];
    this.#ids.forEach((id, index) => this.#order.set(id, index));
    this.#up = adjacency(this.#ids.length, pairs.to, pairs.from);
    this.#down = adjacency(this.#ids.length, pairs.from, pairs.to);
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

  /** The id of the stage at a declaration index. */
  idAt(index: number): string {
    const id = this.#ids[index];
    if (id === undefined) throw unknownId(String(index));
    return id;
  }

  /** Declaration indexes of the stages this one (by index) reads from, ascending. */
  upstreamIndexes(index: number): Int32Array {
    return neighbours(this.#up, index);
  }

  /** Declaration indexes of the stages reading this one's (by index) outputs, ascending. */
  downstreamIndexes(index: number): Int32Array {
    return neighbours(this.#down, index);
  }

  /** Stages this one reads from directly, in declaration order. */
  upstreamOf(id: string): readonly string[] {
    return this.#idsOf(this.#up, this.orderOf(id));
  }

  /** Stages that read this one's outputs directly, in declaration order. */
  downstreamOf(id: string): readonly string[] {
    return this.#idsOf(this.#down, this.orderOf(id));
  }

  /** How many stages this one (by index) reads from. */
  upstreamCount(index: number): number {
    const [start, end] = range(this.#up, index);
    return end - start;
  }

  /** Every edge, ordered by producer then consumer declaration order, each with the paths that link the two stages. */
  get edges(): readonly StageEdge[] {
    if (this.#edges === undefined) {
      const edges: StageEdge[] = [];
      for (let from = 0; from < this.#ids.length; from++) for (const to of this.downstreamIndexes(from)) edges.push(this.#edgeAt(from, to));
      this.#edges = edges;
    }
    return this.#edges;
  }

  /** Edges into the stage, then edges out of it, each with the paths that link the two stages. */
  edgesFor(id: string): StageEdge[] {
    const index = this.orderOf(id);
    return [...[...this.upstreamIndexes(index)].map((from) => this.#edgeAt(from, index)), ...[...this.downstreamIndexes(index)].map((to) => this.#edgeAt(index, to))];
  }

  /** The edge `from → to`, if `to` reads something `from` writes. */
  edge(from: string, to: string): StageEdge | undefined {
    const [producer, consumer] = [this.orderOf(from), this.orderOf(to)];
    return this.downstreamIndexes(producer).includes(consumer) ? this.#edgeAt(producer, consumer) : undefined;
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
    return this.#list.flatMap((stage) => stage.outs.map((out) => ({ stage, out })));
  }

  readonly #byOrder = (a: string, b: string): number => this.orderOf(a) - this.orderOf(b);

  /** The ids of a stage's neighbours, read from the arrays in place (this runs once or more per stage). */
  #idsOf(adjacency: Adjacency, index: number): string[] {
    const [start, end] = range(adjacency, index);
    const ids = new Array<string>(end - start);
    for (let i = 0; i < ids.length; i++) ids[i] = this.#ids[adjacency.items[start + i]!]!;
    return ids;
  }

  #edgeAt(from: number, to: number): StageEdge {
    return { from: this.#ids[from]!, to: this.#ids[to]!, links: linksBetween(this.#outputs, this.#list[from]!, this.#list[to]!) };
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
}

/** Where a stage's neighbours lie in `items`; throws INTERNAL for an index not in the graph. */
function range(adjacency: Adjacency, index: number): [start: number, end: number] {
  const found = rangeOf(adjacency, index);
  if (found === undefined) throw unknownId(String(index));
  return found;
}

function neighbours(adjacency: Adjacency, index: number): Int32Array {
  return adjacency.items.subarray(...range(adjacency, index));
}

function unknownId(id: string): PivotError {
  return new PivotError("INTERNAL", `Stage '${id}' is not in the pipeline graph`);
}
