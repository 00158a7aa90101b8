import { PivotError } from "../errors/pivot-error";
import type { Stage } from "../model/pipeline";
import type { ExecutorPlugin } from "../plugin/executor-plugin";
import type { Project } from "../project/open-project";

/** Finds the executor of each stage kind once per command, and asks it for code fingerprints. */
export class ExecutorSet {
  readonly #project: Project;
  readonly #used = new Map<string, ExecutorPlugin>();

  constructor(project: Project) {
    this.#project = project;
  }

  for(stage: Stage): ExecutorPlugin {
    const kind = stage.body.kind;
    let executor = this.#used.get(kind);
    if (!executor) {
      executor = this.#project.registry.executor(kind);
      if (!executor) {
        throw new PivotError("PLUGIN_INVALID", `No executor for ${kind} stages (stage '${stage.id}' in ${stage.source.file})`, {
          hint: kind === "ts" ? "TypeScript stages need the built-in discovery-ts plugin; reinstall pivot." : "Reinstall pivot; the built-in executors are missing.",
        });
      }
      this.#used.set(kind, executor);
    }
    return executor;
  }

  /** The stage's code fingerprint, when its executor computes one. */
  codeOf = async (stage: Stage): Promise<Record<string, string> | undefined> => {
    const executor = this.for(stage);
    return executor.fingerprint?.(stage, { projectRoot: this.#project.root, store: this.#project.state.forStage(stage) });
  };

  async disposeAll(): Promise<void> {
    await Promise.all([...this.#used.values()].map((e) => e.dispose?.()));
  }
}
