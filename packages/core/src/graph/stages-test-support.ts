/** Test-only helpers: small Stage objects for graph tests. Not exported from the package. */
import { PivotError } from "../errors/pivot-error";
import type { OutDef } from "../model/stage";
import type { Stage } from "../model/pipeline";

export interface StageSketch {
  id: string;
  /** Dep paths. */
  deps?: string[];
  /** Out paths (a trailing `/` marks a folder) or full out definitions. */
  outs?: Array<string | (Partial<OutDef> & { path: string })>;
  /** Declaring file (default `pivot.yaml`). */
  file?: string;
  line?: number;
}

export function makeStage(sketch: StageSketch): Stage {
  const file = sketch.file ?? "pivot.yaml";
  return {
    id: sketch.id,
    name: sketch.id,
    lockName: sketch.id,
    body: { kind: "cmd", cmd: ["true"] },
    deps: (sketch.deps ?? []).map((path) => ({ path: path.replace(/\/$/, "") })),
    outs: (sketch.outs ?? []).map((out) => {
      const def = typeof out === "string" ? { path: out } : out;
      const isDir = def.isDir ?? def.path.endsWith("/");
      return { kind: "out", cache: true, ...def, isDir, path: def.path.replace(/\/$/, "") };
    }),
    params: [],
    mutex: [],
    wdir: ".",
    source: sketch.line === undefined ? { file } : { file, line: sketch.line },
    pipeline: { name: "main", dir: ".", file, stateDir: "/project/.pivot" },
  };
}

/** Stages from sketches, in the given (declaration) order. */
export function makeStages(...sketches: StageSketch[]): Stage[] {
  return sketches.map(makeStage);
}

/** An `exists` that answers from a fixed list of project paths. */
export function existsAmong(...paths: string[]): (projectPath: string) => boolean {
  const present = new Set(paths);
  return (projectPath) => present.has(projectPath);
}

/** The PivotError `run` throws; fails the test when it throws nothing or something else. */
export function thrownBy(run: () => unknown): PivotError {
  try {
    run();
  } catch (error) {
    if (error instanceof PivotError) return error;
    throw error;
  }
  throw new Error("expected a PivotError, nothing was thrown");
}

/** prepare → train@a, train@b → evaluate (declared evaluate first, to show order is not input order). */
export function diamondStages(): Stage[] {
  return makeStages(
    { id: "evaluate", deps: ["models/a.bin", "models/b.bin"], outs: ["metrics.json"] },
    { id: "prepare", deps: ["raw.csv"], outs: ["data/clean.csv"] },
    { id: "train@a", deps: ["data/clean.csv"], outs: ["models/a.bin"] },
    { id: "train@b", deps: ["data/"], outs: ["models/b.bin"] },
  );
}
