/**
 * Remembers each stage's fingerprint in its state store, with the content hash of every file the
 * walk read. While none of them changed, a command reuses the parts without parsing anything.
 * New entries are written in one transaction per store (`flush`), not one per stage.
 */
import type { Stage } from "../model/pipeline";
import { fromProjectPath, toProjectPath } from "../model/paths";
import type { StateStore } from "../plugin/state-backend";

const NAMESPACE = "ts-fingerprint";
/** Bump when the parts of an unchanged stage would come out differently. */
const FORMAT = "1";
/** Pending entries per store before they are written without waiting for `flush`. */
const BATCH = 500;

interface CachedFingerprint {
  format: string;
  /** What the stage starts from (file, export or stage call); a different root is a miss. */
  root: string;
  /** Project-relative file → content hash. */
  files: Record<string, string>;
  parts: Record<string, string>;
}

function rootOf(stage: Stage): string {
  const body = stage.body.kind === "ts" ? stage.body : undefined;
  return JSON.stringify([body?.file, body?.exportName, body?.stage, stage.name, stage.pipeline.dir, stage.source.file, stage.source.line]);
}

export class FingerprintCache {
  readonly #pending = new Map<StateStore, Map<string, CachedFingerprint>>();

  /** The cached parts, when every recorded file still has its recorded hash. */
  read(store: StateStore, stage: Stage, projectRoot: string, contentHash: (absolute: string) => string | undefined): Record<string, string> | undefined {
    let cached = this.#pending.get(store)?.get(stage.lockName);
    if (!cached) {
      const raw = store.getCached(NAMESPACE, stage.lockName);
      if (!raw) return undefined;
      try {
        cached = JSON.parse(raw) as CachedFingerprint;
      } catch {
        return undefined;
      }
    }
    if (cached.format !== FORMAT || cached.root !== rootOf(stage)) return undefined;
    for (const [file, hash] of Object.entries(cached.files)) {
      if ((contentHash(fromProjectPath(projectRoot, file)) ?? "missing") !== hash) return undefined;
    }
    return cached.parts;
  }

  write(store: StateStore, stage: Stage, projectRoot: string, files: ReadonlyMap<string, string>, parts: Record<string, string>): void {
    const entry: CachedFingerprint = {
      format: FORMAT,
      root: rootOf(stage),
      files: Object.fromEntries([...files].map(([file, hash]) => [toProjectPath(projectRoot, file), hash])),
      parts,
    };
    let pending = this.#pending.get(store);
    if (!pending) this.#pending.set(store, (pending = new Map()));
    pending.set(stage.lockName, entry);
    if (pending.size >= BATCH) this.#flushStore(store, pending);
  }

  #flushStore(store: StateStore, pending: Map<string, CachedFingerprint>): void {
    store.transaction(() => {
      for (const [key, entry] of pending) store.putCached(NAMESPACE, key, JSON.stringify(entry));
    });
    pending.clear();
  }

  /** Writes pending entries (a cache: a store that fails to take them is skipped). */
  flush(): void {
    for (const [store, pending] of this.#pending) {
      try {
        this.#flushStore(store, pending);
      } catch {
        // closed or read-only store: the entries are recomputed next time
      }
    }
    this.#pending.clear();
  }
}
