/**
 * Stage-to-stage edges from deps and outs. A dep links to the output at exactly its path, to the
 * outputs inside it (dep `data` ← outs `data/a.csv`, `data/b.csv`) and to the folder output that
 * contains it (dep `models/m.bin` ← out `models`). Filesystem state never decides an edge.
 */
import { GcPacer } from "../engine/gc-pacer";
import type { Stage } from "../model/pipeline";
import type { Producer } from "./check-outputs";
import type { PathTrie, TrieEntry } from "./path-trie";

/** One reason for an edge: the producer's output path and the consumer's dep path. */
export interface EdgeLink {
  out: string;
  dep: string;
}

/** `from` produces something `to` reads. */
export interface StageEdge {
  from: string;
  to: string;
  links: EdgeLink[];
}

/**
 * Every edge as a pair of declaration indexes, `from[k] → to[k]`: ordered by consumer, then by
 * producer, each pair once. Two numbers per edge: at 100 000 stages, edge objects with their links
 * cost ~35 MB and were read only to draw the graph or explain a cycle (see `linksBetween`).
 */
export interface EdgePairs {
  from: Int32Array;
  to: Int32Array;
}

/** Outputs a dep on `path` reads: the exact output, the folder output holding it, the outputs inside it. */
export function outputsLinkedTo(outputs: PathTrie<Producer>, path: string): TrieEntry<Producer>[] {
  return outputs.overlapping(path);
}

/**
 * Whether a dep of `consumer` reading `producer`'s output makes an edge: always, except a stage
 * reading back its own `incremental` output, which it does by design (otherwise a self-edge is a
 * cycle of one).
 */
function links(producer: Producer, consumer: Stage): boolean {
  return producer.stage !== consumer || producer.out.kind !== "incremental";
}

/** Every edge of `stages` (declaration order = index). */
export function linkStages(stages: readonly Stage[], outputs: PathTrie<Producer>): EdgePairs {
  const indexOf = new Map(stages.map((stage, index) => [stage, index]));
  const from: number[] = [];
  const to: number[] = [];
  // The consumer that last linked each producer: a pair is added once without a set per consumer.
  const lastConsumer = new Int32Array(stages.length).fill(-1);
  const producers: number[] = [];
  const gc = new GcPacer();
  stages.forEach((consumer, at) => {
    gc.tick();
    producers.length = 0;
    for (const dep of consumer.deps) {
      for (const { value: producer } of outputsLinkedTo(outputs, dep.path)) {
        const index = indexOf.get(producer.stage) ?? -1;
        if (index < 0 || lastConsumer[index] === at || !links(producer, consumer)) continue;
        lastConsumer[index] = at;
        producers.push(index);
      }
    }
    producers.sort((a, b) => a - b);
    for (const index of producers) {
      from.push(index);
      to.push(at);
    }
  });
  return { from: Int32Array.from(from), to: Int32Array.from(to) };
}

/** The paths linking two stages (empty when `consumer` reads nothing `producer` writes). */
export function linksBetween(outputs: PathTrie<Producer>, producer: Stage, consumer: Stage): EdgeLink[] {
  const found: EdgeLink[] = [];
  for (const dep of consumer.deps) {
    for (const { path, value } of outputsLinkedTo(outputs, dep.path)) {
      if (value.stage !== producer || !links(value, consumer)) continue;
      if (!found.some((link) => link.out === path && link.dep === dep.path)) found.push({ out: path, dep: dep.path });
    }
  }
  return found;
}
