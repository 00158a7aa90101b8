import { existsSync } from "node:fs";
import { hasObject } from "../cache/cache-add";
import { readLock } from "../lock/lock-file";
import type { Stage } from "../model/pipeline";
import { fromProjectPath } from "../model/paths";
import type { Project } from "../project/open-project";
import { findOnRemote } from "./find-on-remote";
import { ObjectPlan } from "./object-plan";
import { type OpenRemoteOptions, openRemote } from "./open-remote";
import { remoteOperationFailure } from "./remote-errors";
import { IndexWriter, partitionByIndex } from "./remote-index";
import type { StateStore } from "../plugin/state-backend";
import { loadTrackedFiles, trackedStore } from "../track/tracked-status";
import { type SelectOptions, selectStages } from "../graph/select-targets";

/**
 * Where data missing from the workspace can come from (`--allow-missing`): the local cache, or the
 * objects a remote was found to hold. Judged once per command, for every recorded object of the
 * selected stages whose path is absent from the workspace.
 */
export interface DataAvailability {
  /** The object is in the local cache or on the remote. */
  has(hash: string): boolean;
  /** The remote's name, for messages. */
  remoteName: string;
}

/** Tracked data (`pivot track`) to judge too, as `verify` does. */
export interface TrackedRecord {
  path: string;
  hash: string;
}

/**
 * Recorded objects the local cache lacks: cached outputs of `stages` and `tracked` paths, and
 * deps whose paths are absent from the workspace.
 */
function uncachedObjects(project: Project, stages: readonly Stage[], tracked: readonly TrackedRecord[]): ObjectPlan {
  const plan = new ObjectPlan();
  const cacheDir = project.config.cacheDir;
  const add = (path: string, hash: string, store: StateStore) => {
    if (!hasObject(cacheDir, hash)) plan.add(hash, store, path);
  };
  for (const stage of stages) {
    const read = readLock(stage);
    if (read.kind !== "ok") continue;
    const store = project.state.forStage(stage);
    for (const out of read.lock.outs) if (out.cache) add(out.path, out.hash, store);
    for (const dep of read.lock.deps) if (!existsSync(fromProjectPath(project.root, dep.path))) add(dep.path, dep.hash, store);
  }
  for (const record of tracked) add(record.path, record.hash, trackedStore(project));
  return plan;
}

/**
 * Asks the remote (`--remote`, else the default) which recorded objects of `stages` (and `tracked`)
 * missing from the local cache it holds: the
 * remote index first, then one batched existence check for the rest (remembered in the index). A
 * directory counts as held when its manifest is (push uploads a manifest after its files).
 */
export async function findMissingData(project: Project, stages: readonly Stage[], options: OpenRemoteOptions = {}, tracked: readonly TrackedRecord[] = []): Promise<DataAvailability> {
  const opened = await openRemote(project, options);
  const cacheDir = project.config.cacheDir;
  try {
    const absent = uncachedObjects(project, stages, tracked).ordered();
    const { known, unknown } = partitionByIndex(opened.indexKey, absent);
    let found: Map<string, number | undefined>;
    try {
      ({ found } = await findOnRemote(opened.remote, unknown.map((o) => o.hash), { jobs: opened.jobs, retry: { retries: opened.retries } }));
    } catch (error) {
      throw remoteOperationFailure(error, opened);
    }
    const index = new IndexWriter(opened.indexKey);
    for (const object of unknown) if (found.has(object.hash)) index.mark(object);
    index.flush();
    const onRemote = new Set([...known.map((o) => o.hash), ...found.keys()]);
    return { has: (hash) => onRemote.has(hash) || hasObject(cacheDir, hash), remoteName: opened.name };
  } finally {
    await opened.remote.close?.();
  }
}

/**
 * `--allow-missing` for a command acting on `targets` (selected as `select` says, by default with
 * their upstream): what the remote holds
 * of their recorded data, and of tracked data when `withTracked` (commands reporting it).
 */
export async function allowMissingFor(project: Project, targets: readonly string[], withTracked: boolean, select: SelectOptions = { upstream: true }): Promise<DataAvailability> {
  const graph = project.graph();
  const stages = selectStages(graph, targets, select).map((id) => graph.stage(id));
  const tracked = withTracked ? loadTrackedFiles(project).flatMap((f) => ("record" in f ? [{ path: f.path, hash: f.record.hash }] : [])) : [];
  return findMissingData(project, stages, {}, tracked);
}
