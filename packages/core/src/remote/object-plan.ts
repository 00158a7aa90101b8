import { isDirHash } from "../hash/hash-format";
import type { DirManifest } from "../hash/dir-manifest";
import type { StateStore } from "../plugin/state-backend";
import type { OutputRef } from "./transfer-targets";

/** One object a transfer moves (or checks). */
export interface PlannedObject {
  hash: string;
  /** State stores of the stages referencing it: their remote index rows track it. */
  stores: Set<StateStore>;
  /** The first output needing it, for messages (`models/` or `models/a.bin`). */
  label: string;
  sizeBytes?: number;
  isManifest: boolean;
}

/** The objects of a transfer, each once, however many outputs share it. */
export class ObjectPlan {
  readonly #objects = new Map<string, PlannedObject>();

  add(hash: string, store: StateStore, label: string, sizeBytes?: number): PlannedObject {
    let object = this.#objects.get(hash);
    if (!object) {
      object = { hash, stores: new Set(), label, isManifest: isDirHash(hash), ...(sizeBytes !== undefined ? { sizeBytes } : {}) };
      this.#objects.set(hash, object);
    }
    object.stores.add(store);
    return object;
  }

  /** Adds a directory's file objects. */
  addEntries(out: OutputRef, manifest: DirManifest): void {
    for (const entry of manifest.entries) this.add(entry.hash, out.store, `${out.path}/${entry.path}`, entry.size);
  }

  get(hash: string): PlannedObject | undefined {
    return this.#objects.get(hash);
  }

  has(hash: string): boolean {
    return this.#objects.has(hash);
  }

  /** File objects first, manifests last (a manifest on a remote or in the cache implies its files). */
  ordered(): PlannedObject[] {
    const all = [...this.#objects.values()];
    return [...all.filter((o) => !o.isManifest), ...all.filter((o) => o.isManifest)];
  }

  get size(): number {
    return this.#objects.size;
  }
}
