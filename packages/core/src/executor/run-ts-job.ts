/**
 * Runs one TS stage inside a worker: import the module (once per worker — the module registry
 * keeps it), load the deps with their loaders, call the stage function, save the returned outs.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { AnyLoader } from "../api/loader-types";
import { type RegisteredStage, isPipeline } from "../api/pipeline";
import { errorMessage } from "../errors/pivot-error";
import { fromProjectPath, resolveDeclaredPath, toProjectPath } from "../model/paths";
import { describeFailure } from "./error-location";
import type { JobFailure, TsJob } from "./ts-job";

/** A failure already worded for the user (no stack mapping needed). */
class StageFailure extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

async function importModule(job: TsJob): Promise<Record<string, unknown>> {
  try {
    return (await import(job.module)) as Record<string, unknown>;
  } catch (error) {
    const failure = describeFailure(error, job.projectRoot);
    throw new StageFailure(`${toProjectPath(job.projectRoot, job.module)} failed to import: ${failure.error}`, failure.detail);
  }
}

/** Turns `{ "train.lr": 0.1 }` into `{ train: { lr: 0.1 } }`. */
export function unflattenParams(flat: Record<string, unknown>): Record<string, unknown> {
  const nested: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split(".");
    let node = nested;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      node = (node[part] = typeof next === "object" && next !== null && !Array.isArray(next) ? next : {}) as Record<string, unknown>;
    }
    node[parts.at(-1)!] = value;
  }
  return nested;
}

async function runExportedFunction(job: TsJob, module: Record<string, unknown>): Promise<void> {
  const fn = module[job.exportName];
  if (typeof fn !== "function") {
    const exports = Object.keys(module).filter((k) => typeof module[k] === "function");
    throw new StageFailure(`${toProjectPath(job.projectRoot, job.module)} has no exported function '${job.exportName}'`, exports.length > 0 ? `Exported functions: ${exports.join(", ")}` : undefined);
  }
  await fn({ stage: job.name, deps: job.deps, outs: job.outs, params: unflattenParams(job.params), projectRoot: job.projectRoot, wdir: job.wdir });
}

async function withLoader<T>(what: string, loader: AnyLoader, path: string, job: TsJob, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    const failure = describeFailure(error, job.projectRoot);
    throw new StageFailure(`cannot ${what} (${toProjectPath(job.projectRoot, path)}) with the ${loader.name} loader: ${failure.error}`, failure.detail);
  }
}

async function runPipelineStage(job: TsJob, module: Record<string, unknown>, stageName: string): Promise<void> {
  const pipeline = module[job.exportName];
  const file = toProjectPath(job.projectRoot, job.module);
  if (!isPipeline(pipeline)) throw new StageFailure(`${file} no longer exports a Pipeline as '${job.exportName}'`);
  const registered: RegisteredStage | undefined = pipeline.getStage(stageName);
  if (!registered) throw new StageFailure(`${file} no longer defines stage '${stageName}'`, "Run the command again to pick up the edited pipeline.");
  const pipelineDir = pipeline.root ?? dirname(job.module);
  const where = `${file}, stage '${stageName}'`;
  const absolute = (loader: AnyLoader, role: string) =>
    fromProjectPath(job.projectRoot, resolveDeclaredPath(job.projectRoot, toProjectPath(job.projectRoot, pipelineDir), loader.path, { role, where }).path);
  const { spec } = registered;

  const deps: Record<string, unknown> = {};
  for (const [key, loader] of Object.entries(spec.deps ?? {})) {
    const path = absolute(loader, "dep");
    deps[key] = await withLoader(`load dep '${key}'`, loader, path, job, async () => loader.load(path));
  }
  const outPaths: Record<string, string> = {};
  const previous: Record<string, unknown> = {};
  for (const [key, loader] of Object.entries(spec.outs ?? {})) {
    const path = absolute(loader, "out");
    outPaths[key] = path;
    mkdirSync(loader.out.isDir && !loader.returned ? path : dirname(path), { recursive: true });
    if (loader.incremental && existsSync(path)) previous[key] = await withLoader(`load the previous '${key}'`, loader, path, job, async () => loader.load(path));
  }
  const context = { stage: stageName, outs: outPaths, previous, projectRoot: job.projectRoot, pipelineDir };
  const result = (await spec.run(deps as never, job.params as never, context as never)) as Record<string, unknown> | undefined;
  for (const [key, loader] of Object.entries(spec.outs ?? {})) {
    if (!loader.returned) continue;
    if (result === null || typeof result !== "object" || !(key in result)) {
      throw new StageFailure(`run() returned no value for out '${key}'`, `Return { ${key}: … } from the stage function in ${file}.`);
    }
    const path = outPaths[key]!;
    await withLoader(`save out '${key}'`, loader, path, job, async () => loader.save(result[key], path));
  }
}

/** Runs the job; a thrown error comes back as a failure with the user's file and line. */
export async function runTsJob(job: TsJob): Promise<JobFailure | undefined> {
  try {
    const module = await importModule(job);
    if (job.stage === undefined) await runExportedFunction(job, module);
    else await runPipelineStage(job, module, job.stage);
    return undefined;
  } catch (error) {
    if (error instanceof StageFailure) return { error: error.message, ...(error.detail ? { detail: error.detail } : {}) };
    if (error instanceof Error && error.name === "PivotError") return { error: errorMessage(error), ...hintOf(error) };
    return describeFailure(error, job.projectRoot);
  }
}

function hintOf(error: Error): { detail?: string } {
  const hint = (error as { hint?: unknown }).hint;
  return typeof hint === "string" ? { detail: hint } : {};
}
