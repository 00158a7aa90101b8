import { basename } from "node:path";
import { GcPacer, type PipelineDef, STAGE_NAME_PATTERN, type StageDef, resolveDeclaredPath, toProjectPath } from "@pivot/core/internal";
import { expandMatrix } from "./expand-matrix";
import { STAGE_KEYS, parseStage } from "./parse-stage";
import { createStageContext } from "./stage-context";
import { checkKeys, isPlainMap } from "./value-checks";
import { loadVars } from "./vars";
import type { VarScope } from "./interpolate";
import { type YamlSource, parseYamlSource } from "./yaml-document";
import { type Where, describeType, describeWhere, pipelineError, unknownKeyError } from "./yaml-errors";

export const PIPELINE_KEYS = ["name", "vars", "params", "stages"] as const;

export interface PipelineLocation {
  /** Absolute project root. */
  projectRoot: string;
  /** Absolute path of the pipeline file. */
  file: string;
}

/** Parses the text of a `pivot.yaml` into a PipelineDef (reading the `vars` files it names). */
export async function parsePipeline(text: string, location: PipelineLocation): Promise<PipelineDef> {
  const { projectRoot } = location;
  const file = toProjectPath(projectRoot, location.file);
  const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : ".";
  const source = parseYamlSource(text, file);
  const root = source.data;
  const at = (path: (string | number)[], stage?: string): Where => ({ file, line: source.lineOf(path), stage });

  if (root === null || root === undefined) {
    throw pipelineError({ file }, "is empty", "Add a `stages:` map; see the pipeline reference in docs/.");
  }
  if (!isPlainMap(root)) {
    throw pipelineError(at([]), `must be a map with a 'stages' key, got ${describeType(root)}`, "Start the file with `stages:` followed by your stages.");
  }
  for (const key of Object.keys(root)) {
    if (!(PIPELINE_KEYS as readonly string[]).includes(key)) throw unknownKeyError(at([key]), key, "top-level", PIPELINE_KEYS);
  }

  const name = pipelineName(root.name, at(["name"]), projectRoot, dir);
  const defaultParamsFile = resolveDeclaredPath(projectRoot, dir, defaultParamsPath(root.params, at(["params"])), {
    role: "params file",
    where: describeWhere(at(["params"])),
  }).path;
  const scope = await loadVars(root.vars, { projectRoot, pipelineDir: dir, file, lineOf: source.lineOf });
  const stages = stageMaps(root.stages, at);

  const defs: StageDef[] = [];
  // Each stage leaves garbage (contexts, checked paths); collected as it goes, a large file does not grow the process by it.
  const gc = new GcPacer();
  for (const [stageName, raw] of stages) {
    gc.tick();
    defs.push(...expandStage(stageName, raw, { projectRoot, dir, file, defaultParamsFile, scope, source }));
  }
  return { name, dir, file, stages: defs, inputs: varsFiles(root.vars, projectRoot, dir, describeWhere(at(["vars"]))) };
}

/** Project-relative vars files the pipeline read (they invalidate a cached parse). */
function varsFiles(value: unknown, projectRoot: string, dir: string, where: string): string[] {
  const entries = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return entries
    .filter((entry): entry is string => typeof entry === "string")
    .map((entry) => resolveDeclaredPath(projectRoot, dir, entry, { role: "vars file", where }).path);
}

interface PipelineScope {
  projectRoot: string;
  dir: string;
  file: string;
  defaultParamsFile: string;
  scope: VarScope;
  source: YamlSource;
}

/** One declared stage → one StageDef, or one per matrix combination. */
function expandStage(stageName: string, raw: unknown, pipeline: PipelineScope): StageDef[] {
  const { file, source } = pipeline;
  const lineOf = (path: readonly (string | number)[]) => source.lineOf(["stages", stageName, ...path]);
  const where: Where = { file, stage: stageName, line: lineOf([]) };
  if (stageName.includes("@") || !STAGE_NAME_PATTERN.test(stageName)) {
    throw pipelineError(
      where,
      "invalid stage name",
      "Use letters, digits, '_', '-' and '.', starting with a letter or digit (no '@', '/' or spaces; '@' is added by matrix).",
      "STAGE_NAME_INVALID",
    );
  }
  if (!isPlainMap(raw)) {
    const got = raw === null || raw === undefined ? "is empty" : `must be a map of stage keys, got ${describeType(raw)}`;
    throw pipelineError(where, got, "Give the stage at least a cmd: <shell command>.");
  }
  const context = (stage: string, scope: VarScope) =>
    createStageContext({ ...pipeline, pipelineDir: pipeline.dir, stage, scope, lineOf });
  checkKeys(context(stageName, pipeline.scope), [], raw, "stage", STAGE_KEYS);

  const stageSource = { file, line: where.line };
  if (raw.matrix === undefined) return [parseStage(context(stageName, pipeline.scope), raw, stageSource)];
  const variants = expandMatrix(stageName, raw.matrix, pipeline.scope, (path) => ({ ...where, line: lineOf(["matrix", ...path]) }));
  return variants.map((variant) =>
    parseStage(context(variant.name, { ...pipeline.scope, ...variant.values }), raw, stageSource, variant.values),
  );
}

function pipelineName(value: unknown, where: Where, projectRoot: string, dir: string): string {
  if (value === undefined) return dir === "." ? basename(projectRoot) : dir;
  if (typeof value !== "string" || value.trim() === "" || /[\0\r\n]/.test(value)) {
    throw pipelineError(where, `name must be a non-empty one-line string, got ${describeType(value)}`, "Write name: <pipeline name>, or remove it to use the folder name.");
  }
  return value;
}

function defaultParamsPath(value: unknown, where: Where): string {
  if (value === undefined) return "params.yaml";
  if (typeof value !== "string") {
    throw pipelineError(where, `params must be the path of a params file, got ${describeType(value)}`, "Write params: params.yaml (relative to the pipeline folder).");
  }
  return value;
}

function stageMaps(value: unknown, at: (path: (string | number)[]) => Where): [string, unknown][] {
  if (value === undefined || value === null) {
    throw pipelineError(at(value === undefined ? [] : ["stages"]), "has no stages", "Add a `stages:` map with at least one stage.");
  }
  if (!isPlainMap(value)) {
    throw pipelineError(at(["stages"]), `stages must be a map of stage name → stage, got ${describeType(value)}`, "Write `stages:` followed by one indented `name:` map per stage.");
  }
  const entries = Object.entries(value);
  if (entries.length === 0) throw pipelineError(at(["stages"]), "stages is empty", "Add at least one stage under `stages:`.");
  return entries;
}
