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

/** Outputs a dep on `path` reads: the exact output, the folder output holding it, the outputs inside it. */
export function outputsLinkedTo(outputs: PathTrie<Producer>, path: string): TrieEntry<Producer>[] {
  return outputs.overlapping(path);
}

/**
 * Every edge, in no particular order (the graph sorts them). A stage reading its own output
 * yields a self-edge (a cycle of one) — except through its own `incremental` outputs, which a stage
 * reads back by design.
 */
export function linkStages(stages: readonly Stage[], outputs: PathTrie<Producer>): StageEdge[] {
  const edges: StageEdge[] = [];
  // A consumer's edges by producer: one map reused from consumer to consumer.
  const fromProducer = new Map<Stage, StageEdge>();
  const gc = new GcPacer();
  for (const consumer of stages) {
    gc.tick();
    fromProducer.clear();
    for (const dep of consumer.deps) {
      for (const { path, value: producer } of outputsLinkedTo(outputs, dep.path)) {
        if (producer.stage === consumer && producer.out.kind === "incremental") continue;
        let edge = fromProducer.get(producer.stage);
        if (edge === undefined) {
          edge = { from: producer.stage.id, to: consumer.id, links: [] };
          fromProducer.set(producer.stage, edge);
          edges.push(edge);
        }
        if (!edge.links.some((link) => link.out === path && link.dep === dep.path)) {
          edge.links.push({ out: path, dep: dep.path });
        }
      }
    }
  }
  return edges;
}
