import type { StateStore } from "../plugin/state-backend";

/** Index entries for run-cache records are kept beside object hashes under this prefix. */
export const RECORD_INDEX_PREFIX = "record:";

interface Indexed {
  hash: string;
  stores: Set<StateStore>;
}

/**
 * Splits items into those the remote index says are on the remote and the rest. An item is known
 * when the state store of any stage referencing it knows it.
 */
export function partitionByIndex<T extends Indexed>(indexKey: string, items: readonly T[]): { known: T[]; unknown: T[] } {
  const byStore = new Map<StateStore, string[]>();
  for (const item of items) {
    for (const store of item.stores) {
      const list = byStore.get(store) ?? [];
      list.push(item.hash);
      byStore.set(store, list);
    }
  }
  const knownHashes = new Set<string>();
  for (const [store, hashes] of byStore) for (const hash of store.remoteHas(indexKey, hashes)) knownHashes.add(hash);
  const known: T[] = [];
  const unknown: T[] = [];
  for (const item of items) (knownHashes.has(item.hash) ? known : unknown).push(item);
  return { known, unknown };
}

/**
 * Batches remote-index writes (one transaction per store per flush), flushing on its own every
 * `flushEvery` marks so an interrupted transfer keeps most of what it learnt.
 */
export class IndexWriter {
  readonly #indexKey: string;
  readonly #flushEvery: number;
  readonly #marks = new Map<StateStore, string[]>();
  readonly #forgets = new Map<StateStore, string[]>();
  #pending = 0;

  constructor(indexKey: string, options: { flushEvery?: number } = {}) {
    this.#indexKey = indexKey;
    this.#flushEvery = options.flushEvery ?? 256;
  }

  /** Records that the item is on the remote. */
  mark(item: Indexed): void {
    this.#queue(this.#marks, item);
  }

  /** Records that the item is not on the remote (it was deleted behind our back). */
  forget(item: Indexed): void {
    this.#queue(this.#forgets, item);
  }

  #queue(target: Map<StateStore, string[]>, item: Indexed): void {
    for (const store of item.stores) {
      const list = target.get(store) ?? [];
      list.push(item.hash);
      target.set(store, list);
    }
    if (++this.#pending >= this.#flushEvery) this.flush();
  }

  flush(): void {
    for (const [store, hashes] of this.#forgets) store.forgetOnRemote(this.#indexKey, hashes);
    for (const [store, hashes] of this.#marks) store.markOnRemote(this.#indexKey, hashes);
    this.#forgets.clear();
    this.#marks.clear();
    this.#pending = 0;
  }
}
