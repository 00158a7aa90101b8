import type { StageResources } from "./resources";

/**
 * The pipeline model every discovery plugin produces and every command consumes.
 *
 * Paths: every path in the model is **project-relative POSIX** (`data/clean.csv`), never absolute,
 * never with `./`, `..` or a trailing slash. `"."` names the project root itself (only for folders).
 */

/** What an output is for. `incremental` outputs are restored as a writable copy before the stage runs. */
export type OutKind = "out" | "metric" | "plot" | "incremental";

export interface PlotOptions {
  x?: string;
  y?: string | string[];
  template?: "line" | "scatter" | "bar";
  title?: string;
}

export interface OutDef {
  path: string;
  kind: OutKind;
  /** Store in the content cache (false: only hashed, e.g. small metrics committed to git). */
  cache: boolean;
  /** Declared as a directory (written with a trailing slash). On disk, the type is what decides. */
  isDir: boolean;
  plot?: PlotOptions;
}

export interface DepDef {
  path: string;
}

/** Keys of a params file the stage reads; values are looked up at run time. */
export interface ParamsRef {
  /** Project-relative params file, e.g. `params.yaml` or `train/params.yaml`. */
  file: string;
  /** Dotted keys (`train.lr`); an empty list means the whole file. */
  keys: string[];
}

/**
 * How the stage body runs: a shell command, or TypeScript. A TS body is either an exported
 * function (`run: stages.ts#train` in pivot.yaml: `exportName` is the function) or a stage
 * registered on an exported `Pipeline` (pipeline.ts: `exportName` is the pipeline's export,
 * `stage` the registered stage name).
 */
export type StageBody =
  | { kind: "cmd"; cmd: string[] }
  | { kind: "ts"; file: string; exportName: string; stage?: string }
  | PluginStageBody;

/**
 * A stage body of a kind a plugin adds: its kind is namespaced (`docker:run`, `notebook:papermill`)
 * and its `spec` is whatever the plugin's discovery put there, for the plugin's executor to run.
 * The spec's canonical JSON is part of the stage's code fingerprint, so editing it re-runs the stage.
 */
export interface PluginStageBody {
  kind: `${string}:${string}`;
  spec: Readonly<Record<string, unknown>>;
}

export interface StageDef {
  /** Name as declared, with the matrix suffix (`train@small`). Unique within its pipeline. */
  name: string;
  body: StageBody;
  deps: DepDef[];
  outs: OutDef[];
  params: ParamsRef[];
  /** Inline parameter values (TS defaults, matrix values); params files override them. */
  paramValues?: Record<string, unknown>;
  /** Stages sharing a mutex group never run at the same time. */
  mutex: string[];
  /** Folder the body runs in (project-relative). */
  wdir: string;
  /** Matrix coordinates for an expanded stage. */
  matrix?: Record<string, string | number | boolean>;
  desc?: string;
  /** Always treated as changed (runs every time). */
  alwaysChanged?: boolean;
  /** Never runs: its lock file's outputs are used as they are (`pivot freeze`). */
  frozen?: boolean;
  /**
   * Which executor runs the body (`local`, `slurm`, a third-party name); unset: the project's
   * `executor` setting. Like `resources`, it is not part of the fingerprint.
   */
  executor?: string;
  /** What the stage asks of the machine running it (on top of the config's `resources.*` defaults). */
  resources?: StageResources;
  /** Where the stage was declared, for error messages. */
  source: { file: string; line?: number };
}
