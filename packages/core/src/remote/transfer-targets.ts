import { resolve } from "node:path";
import { didYouMean } from "../errors/did-you-mean";
import { PivotError } from "../errors/pivot-error";
import { buildGraph } from "../graph/build-graph";
import { matchTarget } from "../graph/select-targets";
import { readLock } from "../lock/lock-file";
import type { Stage } from "../model/pipeline";
import { isSameOrInside, toProjectPath } from "../model/paths";
import type { StateStore } from "../plugin/state-backend";
import type { Project } from "../project/open-project";
import { warn } from "../ui/output";

/** One cached output (or part of a directory output) a transfer acts on. */
export interface OutputRef {
  stage: Stage;
  /** The stage's state store: where the remote index rows for its objects live. */
  store: StateStore;
  /** Project-relative path of the output as locked. */
  path: string;
  /** Locked hash: a file hash, or a `.dir` hash. */
  hash: string;
  /** Locked size (for a directory: all its files). */
  sizeBytes: number;
  /** For a path inside a directory output: the part below the output (`sub/file.csv`). */
  subpath?: string;
}

export interface TransferScope {
  outputs: OutputRef[];
  /** Stages whose run-cache entries travel too (stage targets, or every stage without targets). */
  stages: Stage[];
}

/** Cached outputs of a stage's lock file (none, with a warning, when it never ran or is corrupt). */
function lockedOutputs(project: Project, stage: Stage): OutputRef[] {
  const read = readLock(stage);
  if (read.kind === "corrupt") {
    warn(`Skipping stage '${stage.id}': its lock file ${read.file} is damaged (${read.problem})`, "Re-run the stage to rewrite it.");
    return [];
  }
  if (read.kind === "missing") return [];
  const store = project.state.forStage(stage);
  return read.lock.outs.filter((o) => o.cache).map((o) => ({ stage, store, path: o.path, hash: o.hash, sizeBytes: o.sizeBytes }));
}

/** Outputs a path names: an output itself, a folder holding outputs, or a path inside a directory output. */
function outputsUnderPath(all: readonly OutputRef[], path: string): OutputRef[] {
  const found: OutputRef[] = [];
  for (const out of all) {
    if (isSameOrInside(out.path, path)) found.push(out);
    else if (isSameOrInside(path, out.path) && out.hash.endsWith(".dir")) found.push({ ...out, subpath: path.slice(out.path.length + 1) });
  }
  return found;
}

function targetNotFound(target: string, project: Project): PivotError {
  const suggestion = didYouMean(target, project.stages.map((s) => s.id));
  return new PivotError("TARGET_NOT_FOUND", `'${target}' is neither a stage nor a cached output of one`, {
    hint: `${suggestion ? `${suggestion} ` : ""}Name a stage (\`pivot list\`) or the path of a stage output that has run.`,
  });
}

/**
 * Resolves push/fetch/pull targets. No target means every stage of the loaded pipelines. A
 * target is first a stage (id, glob, or matrix base name: all its cached outputs), else a path
 * relative to `cwd`: an output, a folder of outputs, or a file or folder inside a directory output.
 */
export function resolveTransferScope(project: Project, targets: readonly string[], cwd: string): TransferScope {
  if (targets.length === 0) return { outputs: project.stages.flatMap((s) => lockedOutputs(project, s)), stages: [...project.stages] };
  const graph = buildGraph(project.stages, { projectRoot: project.root, allowMissingDeps: true });
  let all: OutputRef[] | undefined;
  const outputs = new Map<string, OutputRef>();
  const stages = new Map<string, Stage>();
  const add = (out: OutputRef) => outputs.set(`${out.stage.id}\0${out.path}\0${out.subpath ?? ""}`, out);
  for (const target of targets) {
    let ids: string[] = [];
    try {
      ids = matchTarget(graph, target);
    } catch (error) {
      if (!(error instanceof PivotError) || error.code !== "STAGE_NOT_FOUND") throw error;
    }
    if (ids.length > 0) {
      for (const id of ids) {
        const stage = graph.stages.get(id)!;
        stages.set(id, stage);
        for (const out of lockedOutputs(project, stage)) add(out);
      }
      continue;
    }
    all ??= project.stages.flatMap((s) => lockedOutputs(project, s));
    const path = toProjectPath(project.root, resolve(cwd, target.replace(/\/+$/, "")));
    const found = path.startsWith("..") ? [] : outputsUnderPath(all, path);
    if (found.length === 0) throw targetNotFound(target, project);
    for (const out of found) add(out);
  }
  return { outputs: [...outputs.values()], stages: [...stages.values()] };
}
