/** Messages between the TS worker pool and its workers (structured-clone safe). */

export interface TsJob {
  projectRoot: string;
  /** Absolute path of the module to import (pipeline.ts, or the file of a `run: file#fn` stage). */
  module: string;
  /** The export holding the Pipeline (pipeline stages) or the stage function. */
  exportName: string;
  /** Stage name registered on the Pipeline; absent for an exported function. */
  stage?: string;
  /** The stage's id, for messages and the function's context. */
  name: string;
  params: Record<string, unknown>;
  /** Absolute paths of the declared deps and outs (used by exported-function stages). */
  deps: string[];
  outs: string[];
  /** Absolute folder the stage runs in. */
  wdir: string;
}

export type ToWorker = { type: "run"; id: number; job: TsJob };

export interface JobFailure {
  error: string;
  detail?: string;
}

export type FromWorker =
  | { type: "output"; id: number; stream: "stdout" | "stderr"; text: string }
  | ({ type: "done"; id: number; ok: true } | ({ type: "done"; id: number; ok: false } & JobFailure))
  /** The worker is about to die (uncaught error outside the stage's promise). */
  | ({ type: "fatal"; id: number | undefined } & JobFailure);
