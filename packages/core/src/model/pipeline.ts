import type { StageDef } from "./stage";

/** What a discovery plugin returns for one pipeline file. */
export interface PipelineDef {
  /** Pipeline name (from the file or the folder). */
  name: string;
  /** Project-relative folder of the pipeline (`"."` for the project root). */
  dir: string;
  /** Project-relative path of the file that defined it. */
  file: string;
  stages: StageDef[];
  /** Other project-relative files the definition was built from (vars files), for caching. */
  inputs?: string[];
}

/** A pipeline placed in the project: where its lock files and state DB live. */
export interface PipelineInfo extends Omit<PipelineDef, "stages"> {
  /** Absolute path of the pipeline's state folder (the nearest `.pivot/` at or above `dir`). */
  stateDir: string;
}

/** A stage as the graph and engine see it: its definition plus its place in the project. */
export interface Stage extends StageDef {
  /** Unique id in the loaded graph. Equal to `name` unless `--all` had to disambiguate. */
  id: string;
  pipeline: PipelineInfo;
  /**
   * Name of the stage's lock file inside `<stateDir>/stages/` (without `.lock`). Stable whether the
   * stage is loaded alone or with `--all`.
   */
  lockName: string;
}
