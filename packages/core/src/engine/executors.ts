import { PivotError } from "../errors/pivot-error";
import { hashBytes } from "../hash/hash-file";
import type { Stage } from "../model/pipeline";
import type { ExecutorPlugin } from "../plugin/executor-plugin";
import type { Project } from "../project/open-project";
import { canonicalJson } from "./stage-inputs";

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

  /**
   * The stage's code fingerprint, when its executor computes one. A plugin kind's body spec is a
   * part of it too (`spec <kind>`), so editing the spec re-runs the stage whatever the executor does.
   */
  codeOf = async (stage: Stage): Promise<Record<string, string> | undefined> => {
    const executor = this.for(stage);
    const code = await executor.fingerprint?.(stage, { projectRoot: this.#project.root, store: this.#project.state.forStage(stage) });
    const body = stage.body;
    if (body.kind === "cmd" || body.kind === "ts") return code;
    return { ...code, [`spec ${body.kind}`]: await hashBytes(canonicalJson(body.spec)) };
  };

  async disposeAll(): Promise<void> {
    await Promise.all([...this.#used.values()].map((e) => e.dispose?.()));
  }
}
