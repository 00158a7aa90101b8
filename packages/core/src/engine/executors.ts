import { PivotError } from "../errors/pivot-error";
import { hashBytes } from "../hash/hash-file";
import type { Stage } from "../model/pipeline";
import { type StageResources, mergeResources } from "../model/resources";
import type { ExecutorPlugin } from "../plugin/executor-plugin";
import { defaultJobs } from "../project/config-schema";
import type { Project } from "../project/open-project";
import { canonicalJson } from "./stage-inputs";

export const LOCAL_EXECUTOR = "local";

/**
 * The executor name a stage runs on: its own `executor:`, else the project's `executor` setting.
 * The project setting routes only the kinds its executor runs (`executor: slurm` sends `cmd`
 * stages; TS stages stay local); a stage naming an executor that cannot run its kind is an error.
 */
export function executorNameOf(stage: Stage, project: Pick<Project, "config" | "registry">): string {
  if (stage.executor !== undefined) return stage.executor;
  const configured = project.config.executor;
  if (configured !== LOCAL_EXECUTOR && !project.registry.executor(stage.body.kind, configured) && project.registry.executorNames().includes(configured)) return LOCAL_EXECUTOR;
  return configured;
}

/**
 * `--jobs` when neither the command line nor `core.jobs` gives it: the configured executor's own
 * default (a cluster counts its slots, far more than local cores), else the config's.
 */
export function defaultRunJobs(project: Pick<Project, "config" | "registry">): number {
  if (project.config.jobsSet) return project.config.jobs;
  const name = project.config.executor;
  const executor = project.registry.executor("cmd", name);
  return executor?.defaultJobs ?? project.config.jobs;
}

/** Finds the executor of each stage once per command, and asks it for code fingerprints. */
export class ExecutorSet {
  readonly #project: Project;
  readonly #used = new Map<string, ExecutorPlugin>();

  constructor(project: Project) {
    this.#project = project;
  }

  /** The executor name of a stage (its pool in the scheduler). */
  nameOf(stage: Stage): string {
    return executorNameOf(stage, this.#project);
  }

  for(stage: Stage): ExecutorPlugin {
    return this.#find(stage.body.kind, this.nameOf(stage), stage);
  }

  #find(kind: string, name: string, stage: Stage): ExecutorPlugin {
    const key = `${name}:${kind}`;
    let executor = this.#used.get(key);
    if (!executor) {
      executor = this.#project.registry.executor(kind, name);
      if (!executor) throw missingExecutor(kind, name, stage, this.#project);
      this.#used.set(key, executor);
    }
    return executor;
  }

  /** What `execute` gets besides the stage: its resources and the executor's settings. */
  optionsFor(stage: Stage): { resources: StageResources; settings: Record<string, unknown> } {
    return { resources: mergeResources(this.#project.config.resources, stage.resources), settings: this.#project.config.executorSettings[this.nameOf(stage)] ?? {} };
  }

  /**
   * How many stages of one executor may be in flight: `jobs` for the project's executor; stages
   * sent elsewhere (a `local` stage in a Slurm project) also stay within the local CPUs.
   */
  limitOf(name: string, jobs: number): number {
    if (name === this.#project.config.executor) return jobs;
    return name === LOCAL_EXECUTOR ? Math.min(jobs, this.#project.config.jobsSet ? this.#project.config.jobs : defaultJobs()) : jobs;
  }

  /**
   * The stage's code fingerprint, when its kind's executor computes one. Always asked of the local
   * executor of the kind: where a stage runs does not change what it computes. A plugin kind's body
   * spec is a part of it too (`spec <kind>`), so editing the spec re-runs the stage whatever the
   * executor does.
   */
  codeOf = async (stage: Stage): Promise<Record<string, string> | undefined> => {
    const executor = this.#find(stage.body.kind, LOCAL_EXECUTOR, stage);
    const code = await executor.fingerprint?.(stage, { projectRoot: this.#project.root, store: this.#project.state.forStage(stage) });
    const body = stage.body;
    if (body.kind === "cmd" || body.kind === "ts") return code;
    return { ...code, [`spec ${body.kind}`]: await hashBytes(canonicalJson(body.spec)) };
  };

  /** Cancels what every executor used so far has in flight (each with one call). */
  async cancelAll(): Promise<void> {
    await Promise.all([...this.#used.values()].map((e) => e.cancelAll?.()));
  }

  async disposeAll(): Promise<void> {
    await Promise.all([...this.#used.values()].map((e) => e.dispose?.()));
  }
}

function missingExecutor(kind: string, name: string, stage: Stage, project: Project): PivotError {
  const where = `stage '${stage.id}' in ${stage.source.file}`;
  const names = project.registry.executorNames();
  if (name !== LOCAL_EXECUTOR && names.includes(name)) {
    return new PivotError("PIPELINE_INVALID", `The ${name} executor cannot run ${kind} stages (${where})`, {
      hint: `Give the stage executor: local, or make it a cmd stage.`,
    });
  }
  if (name !== LOCAL_EXECUTOR) {
    const from = stage.executor !== undefined ? stage.source.file : ".pivot/config.yaml (executor)";
    return new PivotError("PLUGIN_NOT_FOUND", `No executor named '${name}' (${where}, set in ${from})`, {
      hint: `Known executors: ${names.join(", ")}. A third-party executor is loaded by listing its package under plugins: in .pivot/config.yaml.`,
    });
  }
  return new PivotError("PLUGIN_INVALID", `No executor for ${kind} stages (${where})`, {
    hint: kind === "ts" ? "TypeScript stages need the built-in discovery-ts plugin; reinstall pivot." : "Reinstall pivot; the built-in executors are missing.",
  });
}
