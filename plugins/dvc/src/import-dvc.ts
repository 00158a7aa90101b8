import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { PivotError, errorMessage, toProjectPath } from "@pivot/core/internal";
import { parse, stringify } from "yaml";
import { type DvcScope, refersTo } from "./dvc-template";
import { applyTopLevelPlots, pivotPath } from "./import-outputs";
import { type ImportContext, type PivotStage, importStage } from "./import-stage";

export const IMPORT_HEADER = "# Converted from dvc.yaml by `pivot import-dvc`.";

export interface Conversion {
  /** The pivot.yaml text. */
  text: string;
  stages: string[];
  notes: string[];
  /** pivot stage name → DVC stage name where they differ. */
  dvcNames: Map<string, string>;
}

const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

function readYaml(file: string, what: string): unknown {
  try {
    return parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new PivotError("DVC_INVALID", `Cannot read ${what} ${file}: ${errorMessage(error).split("\n")[0]}`, { hint: "Fix its YAML syntax." });
  }
}

/** What `${…}` sees in dvc.yaml: params.yaml beside it, then `vars` (files and maps), later winning. */
function dvcScope(dvcFolder: string, vars: unknown[]): DvcScope {
  const scope: DvcScope = {};
  const params = join(dvcFolder, "params.yaml");
  if (existsSync(params)) Object.assign(scope, readYaml(params, "params file") ?? {});
  for (const entry of vars) {
    if (isMap(entry)) Object.assign(scope, entry);
    else if (typeof entry === "string") {
      const [file, keys] = entry.split(":");
      const data = readYaml(join(dvcFolder, file!), "vars file");
      if (!isMap(data)) continue;
      if (keys) for (const key of keys.split(",")) scope[key] = data[key];
      else Object.assign(scope, data);
    }
  }
  return scope;
}

/**
 * Converts a dvc.yaml into the text of an equivalent pivot.yaml. Loops become matrices when the
 * values are plain (names then match DVC's: `train@small-0.1`); otherwise their stages are written
 * out one by one. Everything pivot cannot express is listed in `notes`.
 */
export function convertDvcYaml(projectRoot: string, input: string, output: string): Conversion {
  if (!existsSync(input)) {
    throw new PivotError("DVC_INVALID", `No dvc.yaml at ${input}`, { hint: "Run the command in the DVC project's folder, or pass --input path/to/dvc.yaml." });
  }
  const doc = readYaml(input, "dvc.yaml");
  if (!isMap(doc) || !isMap(doc.stages) || Object.keys(doc.stages).length === 0) {
    throw new PivotError("DVC_INVALID", `${input} has no stages`, { hint: "A dvc.yaml needs a `stages:` map." });
  }
  const dvcDir = toProjectPath(projectRoot, dirname(input));
  const pivotDir = toProjectPath(projectRoot, dirname(output));
  const vars = doc.vars === undefined ? [] : Array.isArray(doc.vars) ? doc.vars : [doc.vars];
  const base = { projectRoot, dvcDir, pivotDir, wdir: ".", notes: [] as string[], where: "dvc.yaml" };
  const defaultParams = pivotPath("params.yaml", base);
  const ctx: ImportContext = { projectRoot, dvcDir, pivotDir, defaultParams, scope: dvcScope(dirname(input), vars), notes: base.notes, dvcNames: new Map() };
  const stages: Record<string, PivotStage> = {};
  for (const [name, raw] of Object.entries(doc.stages)) Object.assign(stages, importStage(name, raw, ctx));
  applyTopLevelPlots(stages, doc.plots, base);
  if (doc.artifacts !== undefined || doc.metrics !== undefined || doc.params !== undefined) {
    ctx.notes.push("dvc.yaml: top-level artifacts/metrics/params sections were left out (pivot reads metrics and params from stages)");
  }

  const pivot: Record<string, unknown> = {};
  const usesVars = refersTo(doc.stages, (n) => !(n === "item" || n.startsWith("item.") || n === "key"));
  const pivotVars = vars.map((entry) => (typeof entry === "string" ? pivotPath(entry.split(":")[0]!, base) : entry));
  if (usesVars && existsSync(join(dirname(input), "params.yaml")) && !pivotVars.includes(defaultParams)) pivotVars.unshift(defaultParams);
  if (pivotVars.length > 0) pivot.vars = pivotVars;
  if (defaultParams !== "params.yaml") pivot.params = defaultParams;
  pivot.stages = stages;
  const text = `${IMPORT_HEADER}\n${stringify(pivot, { lineWidth: 0 })}`;
  return { text, stages: Object.keys(stages), notes: ctx.notes, dvcNames: ctx.dvcNames };
}
