import { didYouMean } from "../errors/did-you-mean";
import { PivotError } from "../errors/pivot-error";
import { STAGE_NAME_PATTERN } from "../model/paths";
import { isLoader } from "./loaders";

const SPEC_KEYS = ["deps", "outs", "params", "run", "code", "desc", "mutex", "alwaysChanged", "frozen"];
/** pivot.yaml settings of where a cmd stage runs; a pipeline.ts stage always runs in the local worker pool. */
const EXECUTOR_KEYS = ["executor", "resources"];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? `a ${value.constructor?.name ?? "object"}` : `${typeof value} ${JSON.stringify(value) ?? ""}`.trim();
}

/** Where a stage is declared, for messages: `stage 'train' (pipeline.ts:12)`. */
export type StageWhere = string;

function invalid(where: StageWhere, problem: string, hint: string): PivotError {
  return new PivotError("PIPELINE_INVALID", `${where}: ${problem}`, { hint });
}

export function checkStageName(name: unknown, where: StageWhere): asserts name is string {
  if (typeof name !== "string" || !STAGE_NAME_PATTERN.test(name)) {
    throw new PivotError("STAGE_NAME_INVALID", `${where}: invalid stage name ${JSON.stringify(name) ?? String(name)}`, {
      hint: "Stage names use letters, digits, '_', '-' and '.', and start with a letter or digit.",
    });
  }
}

function checkLoaders(where: StageWhere, field: "deps" | "outs", value: unknown): void {
  if (value === undefined) return;
  if (!isPlainObject(value)) {
    throw invalid(where, `${field} must be an object of loaders, got ${describe(value)}`, `Write ${field}: { name: loaders.json("file.json") }.`);
  }
  for (const [key, loader] of Object.entries(value)) {
    if (!isLoader(loader)) {
      throw invalid(where, `${field}.${key} is not a loader (got ${describe(loader)})`, `Wrap the path in a loader: ${field}: { ${key}: loaders.path("…") } or loaders.json/csv/text(…).`);
    }
  }
}

/** A params default must survive JSON (it is recorded in the lock file). */
function checkParamValue(where: StageWhere, key: string, value: unknown): void {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number" && Number.isFinite(value)) return;
  if (Array.isArray(value)) return value.forEach((item, i) => checkParamValue(where, `${key}[${i}]`, item));
  if (isPlainObject(value)) return Object.entries(value).forEach(([k, v]) => checkParamValue(where, `${key}.${k}`, v));
  throw invalid(where, `params.${key} is ${describe(value)}, not a JSON value`, "Params are recorded in lock files: use strings, finite numbers, booleans, null, lists and plain objects.");
}

/** Checks the shape of a `pipeline.stage(name, spec)` call; types catch most of this at compile time. */
export function checkStageSpec(where: StageWhere, spec: unknown): void {
  if (!isPlainObject(spec)) {
    throw invalid(where, `the stage definition must be an object, got ${describe(spec)}`, "Write pipeline.stage(name, { deps, outs, params, run(deps, params) { … } }).");
  }
  for (const key of Object.keys(spec)) {
    if (EXECUTOR_KEYS.includes(key)) {
      throw invalid(
        where,
        `${key} is not a pipeline.ts setting: TS stages run in pivot's local worker pool, never as cluster jobs (a project's executor: slurm leaves them local)`,
        `Remove ${key}. To run this step on Slurm, make it a cmd stage (cmd: bun scripts/step.ts) in a pivot.yaml of its own folder with executor/resources there; repro --all runs both pipelines (docs/executors.md).`,
      );
    }
    if (!SPEC_KEYS.includes(key)) {
      throw invalid(where, `unknown field '${key}'`, didYouMean(key, SPEC_KEYS) ?? `Fields are ${SPEC_KEYS.join(", ")}.`);
    }
  }
  if (typeof spec.run !== "function") {
    throw invalid(where, `run must be a function, got ${describe(spec.run)}`, "Add run(deps, params) { … } returning the outs.");
  }
  checkLoaders(where, "deps", spec.deps);
  checkLoaders(where, "outs", spec.outs);
  if (spec.params !== undefined) {
    if (!isPlainObject(spec.params)) throw invalid(where, `params must be an object of defaults, got ${describe(spec.params)}`, "Write params: { threshold: 0.5 }.");
    for (const [key, value] of Object.entries(spec.params)) checkParamValue(where, key, value);
  }
  if (spec.mutex !== undefined && (!Array.isArray(spec.mutex) || spec.mutex.some((m) => typeof m !== "string"))) {
    throw invalid(where, "mutex must be a list of group names", 'Write mutex: ["gpu"].');
  }
  if (spec.code !== undefined && !Array.isArray(spec.code)) throw invalid(where, "code must be a list", 'Write code: [helperFunction, "scripts/tool.py"].');
  if (spec.desc !== undefined && typeof spec.desc !== "string") throw invalid(where, "desc must be a string", 'Write desc: "what the stage does".');
  for (const flag of ["alwaysChanged", "frozen"] as const) {
    if (spec[flag] !== undefined && typeof spec[flag] !== "boolean") throw invalid(where, `${flag} must be true or false, got ${describe(spec[flag])}`, `Write ${flag}: true.`);
  }
}
