import type { Stage } from "../model/pipeline";
import type { StateBackend, StateStore } from "../plugin/state-backend";
import { warn } from "../ui/output";
import { projectStateDir } from "../project/project-root";

/**
 * The one place that hands out state stores: one open store per stateDir for the life of a
 * command, chosen by the stage's own stateDir. Nothing else opens a state DB.
 */
export class StateRouter {
  readonly #backend: StateBackend;
  readonly #stores = new Map<string, StateStore>();

  constructor(backend: StateBackend) {
    this.#backend = backend;
  }

  /** The store of a stateDir, opened on first use. */
  forStateDir(stateDir: string): StateStore {
    let store = this.#stores.get(stateDir);
    if (!store) {
      store = this.#backend.open(stateDir);
      this.#stores.set(stateDir, store);
      if (store.recoveredFrom) {
        warn(`The state DB in ${stateDir} was unreadable; it was moved to ${store.recoveredFrom} and rebuilt`, "Nothing is lost: it only caches hashes and history. Delete the old copy when you like.");
      }
    }
    return store;
  }

  /** The project-level store (run history, output index, tracked data). */
  forProject(projectRoot: string): StateStore {
    return this.forStateDir(projectStateDir(projectRoot));
  }

  /** The store holding a stage's rows (hash cache, generations, run cache). */
  forStage(stage: Stage): StateStore {
    return this.forStateDir(stateDirOf(stage));
  }

  /** Stores opened so far. */
  openStores(): StateStore[] {
    return [...this.#stores.values()];
  }

  /** Closes every store, deleting those this command created (it failed before doing anything). */
  discardCreated(): void {
    for (const store of this.#stores.values()) {
      if (store.created && store.discard) store.discard();
      else store.close();
    }
    this.#stores.clear();
  }

  closeAll(): void {
    for (const store of this.#stores.values()) store.close();
    this.#stores.clear();
  }
}

/** Where a stage's lock files and state rows live. The single answer to "which stateDir". */
export function stateDirOf(stage: Stage): string {
  return stage.pipeline.stateDir;
}
