import { posix } from "node:path";
import { ParamsReader, type Project, type Stage, canonicalJson, commitStages, errorMessage, fromProjectPath } from "@pivot/core/internal";
import { type DvcLockStage, checkAgainstDvc } from "./dvc-lock";
import { dvcKeyText } from "./dvc-template";

export interface CarryOver {
  /** Stages recorded as up to date: their lock files were written from the workspace. */
  carried: string[];
  /** Stages that will run on the next `repro`, with why they could not be carried over. */
  rerun: Array<{ stage: string; reason: string }>;
}

/** The name dvc.lock knows a pivot stage by (`train@small-0.1` for matrix variants). */
export function dvcNameOf(stage: Stage, renamed: Map<string, string>): string {
  const explicit = renamed.get(stage.name);
  if (explicit) return explicit;
  if (!stage.matrix) return stage.name;
  return `${stage.name.split("@")[0]}@${Object.values(stage.matrix).map(dvcKeyText).join("-")}`;
}

async function whyNot(project: Project, stage: Stage, dvc: DvcLockStage | undefined, reader: ParamsReader, dvcCache: string): Promise<string | undefined> {
  if (!dvc) return "dvc.lock has no entry for it (it never ran under DVC)";
  if (stage.body.kind !== "cmd") return "it runs a TS function; its code fingerprint has no DVC equivalent";
  if (canonicalJson(dvc.cmd) !== canonicalJson(stage.body.cmd)) return "its command differs from the one dvc.lock recorded";
  const inWdir = (path: string) => posix.normalize(posix.join(stage.wdir, path));
  let params: Record<string, unknown>;
  try {
    params = reader.paramsOf(stage);
  } catch (error) {
    return errorMessage(error);
  }
  const recorded = Object.fromEntries(Object.entries(dvc.params).map(([file, values]) => [inWdir(file), values]));
  for (const file of new Set([...Object.keys(params), ...Object.keys(recorded)])) {
    if (canonicalJson(params[file] ?? {}) !== canonicalJson(recorded[file] ?? {})) return `its params in ${file} differ from the ones dvc.lock recorded`;
  }
  const locked = new Map([...dvc.deps, ...dvc.outs].map((entry) => [inWdir(entry.path), entry.md5]));
  for (const path of [...stage.deps.map((d) => d.path), ...stage.outs.map((o) => o.path)]) {
    if (!locked.has(path)) return `dvc.lock does not record ${path}`;
    const problem = await checkAgainstDvc(fromProjectPath(project.root, path), locked.get(path), dvcCache);
    if (problem) return `${path}: ${problem}`;
  }
  return undefined;
}

/**
 * Recognises the results DVC already produced. MD5 and pivot's XXH3-128 cannot be converted into
 * each other, so instead each stage is checked against dvc.lock: same command, same params, and
 * every dep and output in the workspace byte-identical to what dvc.lock recorded (by MD5). Such
 * stages get their lock file written from the workspace (outputs cached) exactly as
 * `pivot commit` does; the others are listed with the reason they will run.
 */
export async function carryOverDvcLock(project: Project, stages: readonly Stage[], dvcLock: Map<string, DvcLockStage>, renamed: Map<string, string>, dvcCache: string): Promise<CarryOver> {
  const reader = new ParamsReader(project.root);
  const result: CarryOver = { carried: [], rerun: [] };
  for (const stage of stages) {
    const reason = await whyNot(project, stage, dvcLock.get(dvcNameOf(stage, renamed)), reader, dvcCache);
    if (reason) result.rerun.push({ stage: stage.id, reason });
    else result.carried.push(stage.id);
  }
  if (result.carried.length === 0) return result;
  try {
    const report = await commitStages(project, { targets: result.carried });
    for (const failure of report.failed) {
      result.carried = result.carried.filter((id) => id !== failure.stage);
      result.rerun.push({ stage: failure.stage, reason: `recording it failed: ${failure.error}` });
    }
  } catch (error) {
    result.rerun.push(...result.carried.map((stage) => ({ stage, reason: `recording it failed: ${errorMessage(error)}` })));
    result.carried = [];
  }
  return result;
}
