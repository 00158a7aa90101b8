import type { Project } from "../project/open-project";
import type { RunCacheEntry, StateStore } from "../plugin/state-backend";
import { stateDirOf } from "../state/state-router";

/** A run-cache entry and the state store that holds it. */
export interface StoredRunEntry {
  store: StateStore;
  entry: RunCacheEntry;
}

/** Every run-cache entry of the loaded pipelines' state stores. */
export function loadedRunEntries(project: Project): StoredRunEntry[] {
  const stateDirs = [...new Set(project.stages.map(stateDirOf))].sort();
  return stateDirs.flatMap((dir) => {
    const store = project.state.forStateDir(dir);
    return store.listRunCache().map((entry) => ({ store, entry }));
  });
}

/** Entries younger than `keepForMs` keep their outputs no matter what else references them. */
export function youngEntries<T extends { entry: RunCacheEntry }>(entries: readonly T[], keepForMs: number | undefined, nowMs: number): T[] {
  if (!keepForMs) return [];
  return entries.filter(({ entry }) => nowMs - entry.createdAtMs < keepForMs);
}

/**
 * Splits entries into those still worth keeping — every output they name is kept, or they are
 * young — and those to delete with their objects (restoring them would fail anyway).
 */
export function partitionRunEntries<T extends { entry: RunCacheEntry }>(
  entries: readonly T[],
  kept: ReadonlySet<string>,
  young: ReadonlySet<T>,
): { keep: T[]; drop: T[] } {
  const keep: T[] = [];
  const drop: T[] = [];
  for (const item of entries) {
    if (young.has(item) || Object.values(item.entry.outputs).every((hash) => kept.has(hash))) keep.push(item);
    else drop.push(item);
  }
  return { keep, drop };
}

/** Deletes entries, one transaction per store. */
export function deleteRunEntries(entries: readonly StoredRunEntry[]): void {
  const byStore = new Map<StateStore, Array<{ stage: string; inputHash: string }>>();
  for (const { store, entry } of entries) byStore.set(store, [...(byStore.get(store) ?? []), { stage: entry.stage, inputHash: entry.inputHash }]);
  for (const [store, keys] of byStore) store.deleteRunCache(keys);
}
