import { type DepDef, type OutDef, RESOURCE_KEYS, type StageBody, type StageDef, type StageResources, normalizeResources, resourceProblem } from "@pivot/core/internal";
import type { MatrixValue } from "./expand-matrix";
import { parseOutputs } from "./parse-outputs";
import { parseParams } from "./parse-params";
import type { StageContext } from "./stage-context";
import { checkKeys, isPlainMap, requireString, stageBoolean, stageList, stageString } from "./value-checks";
import { describeType, pipelineError } from "./yaml-errors";

export const STAGE_KEYS = [
  "cmd",
  "run",
  "wdir",
  "deps",
  "outs",
  "metrics",
  "plots",
  "params",
  "mutex",
  "desc",
  "always_changed",
  "frozen",
  "matrix",
  "executor",
  "resources",
] as const;

const EXPORT_NAME = /^[A-Za-z_$][\w$]*$/;

/**
 * Turns one stage map (one matrix variant) into a StageDef; every string value is interpolated.
 * The caller has checked the map's keys against STAGE_KEYS (once, before matrix expansion).
 */
export function parseStage(
  ctx: StageContext,
  raw: Record<string, unknown>,
  source: StageDef["source"],
  matrix?: Record<string, MatrixValue>,
): StageDef {
  const outs = [
    ...parseOutputs(ctx, "outs", raw.outs),
    ...parseOutputs(ctx, "metrics", raw.metrics),
    ...parseOutputs(ctx, "plots", raw.plots),
  ];
  checkDuplicateOuts(ctx, outs);
  const stage: StageDef = {
    name: ctx.stage,
    body: parseBody(ctx, raw),
    deps: parseDeps(ctx, raw.deps),
    outs,
    params: parseParams(ctx, raw.params),
    mutex: parseMutex(ctx, raw.mutex),
    wdir: raw.wdir === undefined ? ctx.pipelineDir : parseWdir(ctx, raw.wdir),
    source,
  };
  if (matrix) stage.matrix = matrix;
  if (raw.desc !== undefined) stage.desc = stageString(ctx, ["desc"], "desc", raw.desc, "desc: <text>");
  if (raw.always_changed !== undefined && stageBoolean(ctx, ["always_changed"], "always_changed", raw.always_changed)) {
    stage.alwaysChanged = true;
  }
  if (raw.frozen !== undefined && stageBoolean(ctx, ["frozen"], "frozen", raw.frozen)) stage.frozen = true;
  if (raw.executor !== undefined) stage.executor = parseExecutor(ctx, raw.executor);
  if (raw.resources !== undefined) stage.resources = parseResources(ctx, raw.resources);
  return stage;
}

const EXECUTOR_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

function parseExecutor(ctx: StageContext, value: unknown): string {
  const name = stageString(ctx, ["executor"], "executor", value, "executor: local (or slurm)");
  if (!EXECUTOR_NAME.test(name)) throw pipelineError(ctx.where(["executor"]), `executor '${name}' is not an executor name`, "Write executor: local, or executor: slurm.");
  return name;
}

/** `resources: {cpus, mem, time, gpus, partition, account, qos, extra}`; strings are interpolated. */
function parseResources(ctx: StageContext, value: unknown): StageResources {
  if (!isPlainMap(value)) {
    throw pipelineError(ctx.where(["resources"]), `resources must be a map, got ${describeType(value)}`, "Write resources: {cpus: 4, mem: 8G, time: 2:00:00}.");
  }
  checkKeys(ctx, ["resources"], value, "resources", RESOURCE_KEYS);
  const checked: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value)) {
    const text = typeof raw === "string" ? ctx.text(raw, ["resources", key], `resources.${key}`) : raw;
    const interpolated = Array.isArray(text) ? text.map((item, i) => (typeof item === "string" ? ctx.text(item, ["resources", key, i], `resources.${key} item ${i + 1}`) : item)) : text;
    const numeric = (key === "cpus" || key === "gpus") && typeof interpolated === "string" && /^\d+$/.test(interpolated) ? Number(interpolated) : interpolated;
    const problem = resourceProblem(key, numeric);
    if (problem) throw pipelineError(ctx.where(["resources", key]), `resources.${key} ${problem}`, "See docs/pivot-yaml.md (resources).");
    checked[key] = numeric;
  }
  return normalizeResources(checked);
}

function parseBody(ctx: StageContext, raw: Record<string, unknown>): StageBody {
  const hasCmd = raw.cmd !== undefined;
  const hasRun = raw.run !== undefined;
  if (hasCmd && hasRun) {
    throw pipelineError(ctx.where(["run"]), "has both 'cmd' and 'run'", "Keep one: 'cmd' for a shell command, 'run' for an exported TS function.");
  }
  if (hasRun) return parseRun(ctx, raw.run);
  if (!hasCmd) {
    throw pipelineError(ctx.where(), "has no 'cmd' (or 'run')", "Add cmd: <shell command>, or run: <file.ts>#<exported function>.");
  }
  if (typeof raw.cmd === "string") return { kind: "cmd", cmd: [stageString(ctx, ["cmd"], "cmd", raw.cmd, "cmd: <shell command>")] };
  if (!Array.isArray(raw.cmd) || raw.cmd.length === 0) {
    const got = Array.isArray(raw.cmd) ? "an empty list" : describeType(raw.cmd);
    throw pipelineError(ctx.where(["cmd"]), `cmd must be a command or a list of commands, got ${got}`, "Write cmd: <shell command>, or cmd: [<first>, <second>].");
  }
  const commands = raw.cmd.map((command, index) => stageString(ctx, ["cmd", index], `cmd item ${index + 1}`, command, "a shell command"));
  return { kind: "cmd", cmd: commands };
}

function parseRun(ctx: StageContext, run: unknown): StageBody {
  const text = stageString(ctx, ["run"], "run", run, "run: stages.ts#train");
  const hash = text.lastIndexOf("#");
  const exportName = hash === -1 ? "" : text.slice(hash + 1);
  if (!EXPORT_NAME.test(exportName)) {
    const what = hash === -1 ? "has no '#<export>'" : `names '${exportName}', which is not a valid export name`;
    throw pipelineError(ctx.where(["run"]), `run '${text}' ${what}`, "Write run: <file.ts>#<exported function>, e.g. run: stages.ts#train.");
  }
  const file = ctx.resolvePath(text.slice(0, hash), ["run"], "run file").path;
  return { kind: "ts", file, exportName };
}

function parseDeps(ctx: StageContext, value: unknown): DepDef[] {
  const deps: DepDef[] = [];
  for (const [index, item] of stageList(ctx, "deps", value, "paths", "[prepare.py, data/raw.csv]").entries()) {
    if (typeof item !== "string") {
      throw pipelineError(ctx.where(["deps", index]), `deps must be a list of paths; item ${index + 1} is ${describeType(item)}`, "Write deps: [prepare.py, data/raw.csv].");
    }
    const { path } = ctx.path(item, ["deps", index], "dep", `deps item ${index + 1}`);
    if (!deps.some((dep) => dep.path === path)) deps.push({ path });
  }
  return deps;
}

function parseMutex(ctx: StageContext, value: unknown): string[] {
  const groups = stageList(ctx, "mutex", value, "group names", "[gpu]").map((group, index) =>
    stageString(ctx, ["mutex", index], `mutex item ${index + 1}`, group, "mutex: [gpu]"),
  );
  return [...new Set(groups)];
}

function parseWdir(ctx: StageContext, value: unknown): string {
  const raw = requireString(ctx, ["wdir"], "wdir", value, "wdir: <folder relative to the pipeline>");
  return ctx.path(raw, ["wdir"], "wdir", "wdir").path;
}

function checkDuplicateOuts(ctx: StageContext, outs: OutDef[]): void {
  const seen = new Set<string>();
  for (const out of outs) {
    if (seen.has(out.path)) {
      throw pipelineError(ctx.where(), `declares the output '${out.path}' twice`, "List each output once, in outs, metrics or plots.", "PIPELINE_INVALID");
    }
    seen.add(out.path);
  }
}
