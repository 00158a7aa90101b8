/**
 * `params.yaml` next to pipeline.ts overrides stage params defaults: a mapping
 * `<stage>: { <param>: value }`. Overrides must name declared params and keep their JSON type;
 * objects merge key by key, everything else is replaced.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PivotError, didYouMean, errorMessage, fromProjectPath } from "@pivot/core/internal";

export type Overrides = Record<string, Record<string, unknown>>;

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const jsonType = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "list" : typeof value === "object" ? "map" : typeof value);

/** The overrides file of a pipeline folder (project-relative path), parsed; empty when absent. */
export function readOverrides(projectRoot: string, pipelineDir: string): { file: string; overrides: Overrides } {
  const file = pipelineDir === "." ? "params.yaml" : `${pipelineDir}/params.yaml`;
  const absolute = join(fromProjectPath(projectRoot, pipelineDir), "params.yaml");
  if (!existsSync(absolute)) return { file, overrides: {} };
  let doc: unknown;
  try {
    doc = Bun.YAML.parse(readFileSync(absolute, "utf8"));
  } catch (error) {
    throw new PivotError("PARAMS_INVALID", `Cannot parse ${file}: ${errorMessage(error)}`, { hint: "Fix the YAML syntax." });
  }
  if (doc === null || doc === undefined) return { file, overrides: {} };
  if (!isMap(doc)) throw new PivotError("PARAMS_INVALID", `${file} must be a mapping of stage names to params`, { hint: "Write:\ntrain:\n  lr: 0.01" });
  const overrides: Overrides = {};
  for (const [stage, values] of Object.entries(doc)) {
    if (!isMap(values)) throw new PivotError("PARAMS_INVALID", `${file}: '${stage}' must map param names to values`, { hint: `Write:\n${stage}:\n  <param>: <value>` });
    overrides[stage] = values;
  }
  return { file, overrides };
}

function merge(defaults: unknown, override: unknown, at: string, where: string): unknown {
  if (defaults !== null && jsonType(defaults) !== jsonType(override)) {
    throw new PivotError("PARAMS_INVALID", `${where}: param '${at}' is a ${jsonType(defaults)} in pipeline.ts, but the override is a ${jsonType(override)}`, {
      hint: `Give '${at}' a ${jsonType(defaults)} value, or change its default.`,
    });
  }
  if (!isMap(defaults) || !isMap(override)) return override;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(override)) merged[key] = key in defaults ? merge(defaults[key], value, `${at}.${key}`, where) : value;
  return merged;
}

/** A stage's params: its defaults with the overrides applied. */
export function effectiveParams(stage: string, defaults: Record<string, unknown>, file: string, overrides: Overrides): Record<string, unknown> {
  const override = overrides[stage];
  if (!override) return defaults;
  const where = `${file}, stage '${stage}'`;
  const result: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(override)) {
    if (!(key in defaults)) {
      const known = Object.keys(defaults);
      throw new PivotError("PARAMS_INVALID", `${where}: '${key}' is not a param of the stage`, {
        hint: didYouMean(key, known) ?? (known.length > 0 ? `Its params are ${known.join(", ")}.` : "Declare it in pipeline.ts: params: { … }."),
      });
    }
    result[key] = merge(defaults[key], value, key, where);
  }
  return result;
}
