import { isAbsolute, resolve } from "node:path";
import { PivotError } from "../errors/pivot-error";
import { matchTarget } from "../graph/select-targets";
import type { Stage } from "../model/pipeline";
import { isSameOrInside, toProjectPath } from "../model/paths";
import { describeSource } from "../outputs/cache-items";
import { resolveDataTargets } from "../outputs/resolve-targets";
import type { StateStore } from "../plugin/state-backend";
import type { Project } from "../project/open-project";
import { trackedStore } from "../track/tracked-status";

/** One cached output or tracked path a transfer acts on. */
export interface OutputRef {
  /** Project-relative path. */
  path: string;
  /** Recorded hash: a file hash, or a `.dir` hash. */
  hash: string;
  /** Recorded size (for a directory: all its files). */
  sizeBytes: number;
  /** Where the remote index rows for its objects live: its stage's state store (tracked data: the root's). */
  store: StateStore;
  /** "stage 'train'" or the tracking file, for messages. */
  source: string;
}

export interface TransferScope {
  outputs: OutputRef[];
  /** Stages whose run-cache entries travel too: every stage without targets, else the stages named. */
  stages: Stage[];
  /** Named things with nothing to transfer (no lock yet, not cached, bad tracking file), in words. */
  notes: string[];
}

/** Stages a target names as a stage (not as a path): their run-cache entries go with their outputs. */
function stagesNamed(project: Project, target: string, cwd: string, outputs: readonly OutputRef[]): Stage[] {
  const absolute = isAbsolute(target) ? resolve(target) : resolve(cwd, target);
  const path = toProjectPath(project.root, absolute);
  if (outputs.some((o) => isSameOrInside(o.path, path) || isSameOrInside(path, o.path))) return [];
  try {
    return matchTarget(project.graph(), target).map((id) => project.graph().stages.get(id)!);
  } catch (error) {
    if (error instanceof PivotError && error.code === "STAGE_NOT_FOUND") return [];
    throw error;
  }
}

/**
 * Resolves push/fetch/pull targets exactly as `checkout` does (stage names or globs, output paths,
 * folders holding outputs, paths inside a directory output, tracked paths); no target means every
 * recorded output and tracked path of the loaded pipelines.
 */
export function resolveTransferScope(project: Project, targets: readonly string[], cwd: string): TransferScope {
  const { items, notes } = resolveDataTargets(project, targets, cwd);
  const outputs = items.map((item) => ({
    path: item.path,
    hash: item.hash,
    sizeBytes: item.sizeBytes,
    store: item.source.kind === "stage" ? project.state.forStage(item.source.stage) : trackedStore(project),
    source: describeSource(item),
  }));
  if (targets.length === 0) return { outputs, stages: [...project.stages], notes };
  const stages = new Map<string, Stage>();
  for (const target of targets) for (const stage of stagesNamed(project, target, cwd, outputs)) stages.set(stage.id, stage);
  return { outputs, stages: [...stages.values()], notes };
}
