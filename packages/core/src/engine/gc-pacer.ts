import { edenGC } from "bun:jsc";

/**
 * Paces garbage collection through work over many stages. JavaScriptCore lets the heap grow well
 * past what is live before it collects, and a check of 100 000 stages keeps its pipeline and graph
 * live while each stage leaves garbage (every `stat` with nanosecond times alone leaves ~600 bytes).
 * Measured on the full check of 100 000 stages (docs/performance.md):
 * - every `GC_EVERY_STAGES` stages, a young-generation collection, synchronous and cheap (only
 *   what was allocated since the last one is traced): faster than leaving the heap to grow, and
 *   than the asynchronous full-collection hint used before (4.0 s against 4.9 s);
 * - between two phases (graph built, files stat'ed, stages checked, snapshot listed), a full
 *   collection, so the next phase reuses the memory the last one left instead of growing the
 *   process: with both, peak memory fell from ~0.65 GB to ~0.41 GB, for ~0.4 s.
 * Shorter loops and smaller pipelines never collect.
 */
export class GcPacer {
  readonly #every: number;
  readonly #collect: () => void;
  #count = 0;

  constructor(every = GC_EVERY_STAGES, collect: () => void = edenGC) {
    this.#every = every;
    this.#collect = collect;
  }

  /** One stage (or one path) done. */
  tick(): void {
    this.#count += 1;
    if (this.#count % this.#every === 0) this.#collect();
  }

  /** A phase over `size` stages just ended: a full collection if the pipeline is large. */
  static betweenPhases(size: number, collect: () => void = fullCollection): void {
    if (size >= FULL_GC_MIN_STAGES) collect();
  }
}

/** Stages between two young-generation collections. */
export const GC_EVERY_STAGES = 2000;

/** Stages from which a phase ends with a full collection. */
export const FULL_GC_MIN_STAGES = 20_000;

function fullCollection(): void {
  Bun.gc(true);
}
