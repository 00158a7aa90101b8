import type { Stage } from "../model/pipeline";
import type { StageResources } from "../model/resources";
import type { StateStore } from "./state-backend";

export interface StageLogLine {
  stream: "stdout" | "stderr";
  text: string;
}

export interface ExecuteOptions {
  projectRoot: string;
  /** Resolved parameter values. */
  params: Record<string, unknown>;
  /**
   * Aborted on Ctrl-C. The executor stops the stage's work and resolves; an executor with
   * `cancelAll` may leave the cancelling to that one call (the engine makes it first).
   */
  signal: AbortSignal;
  onOutput(line: StageLogLine): void;
  /** The run this stage belongs to (names jobs, log folders). */
  runId: string;
  /** The stage's resources on top of the config's `resources.*` defaults. */
  resources: StageResources;
  /** This executor's settings from config (`executors.<name>.<setting>`). */
  settings: Record<string, unknown>;
}

export interface ExecuteResult {
  ok: boolean;
  /** Why it failed, in one line. */
  error?: string;
  /** More detail (exit code, stack mapped to the user's source). */
  detail?: string;
  /** The work was cancelled (Ctrl-C, or `cancelAll` after another stage failed), not failed. */
  cancelled?: boolean;
}

/** One line of `pivot doctor` from an executor: what was checked and what to do. */
export interface ExecutorCheck {
  name: string;
  status: "ok" | "warn" | "error";
  message: string;
  fix?: string;
}

export interface PreflightContext {
  projectRoot: string;
  settings: Record<string, unknown>;
  /** The distinct resource sets of the stages this executor would run (partition, account, …). */
  resources: StageResources[];
}

export interface FingerprintContext {
  projectRoot: string;
  /** The stage's state store, for caching fingerprints by source file hash. */
  store: StateStore;
}

/**
 * Runs stage bodies of one kind (`cmd`, `ts`) in one place. `name` is where: `local` (the default:
 * subprocesses and workers on this machine) or a scheduler (`slurm`; a third party's `k8s`). The
 * project's `executor` setting and a stage's `executor:` pick the name; the body kind picks among
 * that name's executors. See docs/plugins.md ("Executors").
 */
export interface ExecutorPlugin {
  kind: string;
  /** Where it runs; what `executor:` names. Default `local`. */
  name?: string;
  /**
   * How many stages may be in flight when this executor is the project's and neither `--jobs` nor
   * `core.jobs` says (a cluster: far more than local cores). Default: the number of CPUs.
   */
  defaultJobs?: number;
  /**
   * Named parts of the stage's code (e.g. `fn:normalize src/utils.ts` → hash). A change in any
   * part makes the stage run, and `status --explain` names the part.
   */
  fingerprint?(stage: Stage, ctx: FingerprintContext): Promise<Record<string, string>>;
  /**
   * Project-relative local source files the stage's code is built from (what its fingerprint
   * read). `repro --watch` reloads when one changes; without this hook it follows the imports of
   * the stage's file and of its pipeline.ts.
   */
  sourceFiles?(stage: Stage, ctx: FingerprintContext): Promise<string[]>;
  execute(stage: Stage, options: ExecuteOptions): Promise<ExecuteResult>;
  /**
   * Cancels everything this executor has in flight, at once (one `scancel`, one API call). The
   * engine calls it on Ctrl-C and when a stage fails without `--keep-going`; the cancelled
   * `execute` calls then resolve with `cancelled: true`. Without it, in-flight stages finish.
   */
  cancelAll?(): Promise<void>;
  /** Checks for `pivot doctor`: the scheduler's tools exist, the resources are accepted, jobs see the project. */
  preflight?(ctx: PreflightContext): Promise<ExecutorCheck[]>;
  /** Called once when a run ends (stop workers etc.). */
  dispose?(): Promise<void>;
}
