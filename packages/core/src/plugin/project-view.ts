import type { PipelineInfo, Stage } from "../model/pipeline";

/** What `withProject` of the plugin API opens: `all` for every pipeline, `cwd` to start elsewhere. */
export interface WithProjectOptions {
  /** Every pipeline of the project (`--all`) instead of the one for the current folder. */
  all?: boolean;
  /** With `all`: a pipeline that fails to load is an error instead of a warning. */
  strict?: boolean;
  /** Folder to find the project from (default: the current folder). */
  cwd?: string;
}

/** A stage's state as `pivot status` judges it. */
export interface StageStatus {
  /** Stage id (its name, or `pipeline:name` when `--all` had to disambiguate). */
  stage: string;
  /**
   * Nothing it reads or writes changed since its last run (a frozen stage: nothing would make it
   * run if it were not frozen).
   */
  upToDate: boolean;
  /** Why it would run, one line each (empty when up to date). */
  reasons: string[];
  frozen: boolean;
}

/** The project as a plugin command sees it. */
export interface ProjectView {
  /** Absolute project root. */
  readonly root: string;
  /** The loaded stages, in pipeline order. */
  readonly stages: readonly Stage[];
  /** The loaded pipelines, each with its state folder. */
  readonly pipelines: readonly PipelineInfo[];
  /** Which stages would run and why, without running anything (all stages, or `targets`). */
  status(targets?: readonly string[]): Promise<StageStatus[]>;
}
