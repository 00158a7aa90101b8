import { hasObject } from "../cache/cache-add";
import { isDirHash } from "../hash/hash-format";
import type { Project } from "../project/open-project";
import { findOnRemote } from "./find-on-remote";
import { ObjectPlan, type PlannedObject } from "./object-plan";
import { PivotError } from "../errors/pivot-error";
import { downloadManifest } from "./download-object";
import { type OpenRemoteOptions, type OpenedRemote, openRemote } from "./open-remote";
import { withRetry } from "./retry";
import { remoteOperationFailure } from "./remote-errors";
import { IndexWriter, partitionByIndex } from "./remote-index";
import { localManifest } from "./transfer-session";
import { type OutputRef, resolveTransferScope } from "./transfer-targets";

export type RemoteSyncState = "synced" | "push" | "fetch" | "both" | "missing";

export interface RemoteStatusEntry {
  /** "stage 'train'" or the tracking file. */
  source: string;
  path: string;
  state: RemoteSyncState;
  toPush: number;
  toFetch: number;
  /** Objects neither in the cache nor on the remote. */
  missing: number;
}

export interface RemoteStatusReport {
  remote: { name: string; url: string };
  toPush: { objects: number; bytes: number };
  toFetch: { objects: number; bytes: number };
  missing: number;
  outputs: RemoteStatusEntry[];
}

/**
 * Folders whose manifest is only on the remote: the manifest is read (into memory, verified) so
 * their files are counted too. A manifest on the remote implies its files are there.
 */
async function addRemoteListings(project: Project, opened: OpenedRemote, outputs: readonly OutputRef[], objectsOf: Map<string, PlannedObject[]>, plan: ObjectPlan, remoteHas: Set<string>): Promise<void> {
  const cacheDir = project.config.cacheDir;
  for (const out of outputs) {
    if (!isDirHash(out.hash) || hasObject(cacheDir, out.hash) || !remoteHas.has(out.hash)) continue;
    let manifest;
    try {
      ({ manifest } = await withRetry(() => downloadManifest(out.hash, { remote: opened.remote, cacheDir, label: `${out.path}/` }), { retries: opened.retries }));
    } catch (error) {
      if (error instanceof PivotError && error.code !== "REMOTE_UNAVAILABLE" && error.code !== "REMOTE_AUTH_FAILED") continue;
      throw remoteOperationFailure(error, opened);
    }
    plan.addEntries(out, manifest);
    for (const entry of manifest.entries) {
      objectsOf.get(out.path)!.push(plan.get(entry.hash)!);
      remoteHas.add(entry.hash);
    }
  }
}

function stateOf(entry: Omit<RemoteStatusEntry, "state">): RemoteSyncState {
  if (entry.missing > 0) return "missing";
  if (entry.toPush > 0 && entry.toFetch > 0) return "both";
  return entry.toPush > 0 ? "push" : entry.toFetch > 0 ? "fetch" : "synced";
}

/**
 * What `push` and `pull` would move for the targets' outputs, without moving anything: objects in
 * the cache but not on the remote, and the other way round. The remote index answers first; the
 * rest is checked (batched, or by listing) and what is found is remembered in the index.
 */
export async function remoteStatus(project: Project, options: OpenRemoteOptions & { targets: readonly string[]; cwd?: string }): Promise<RemoteStatusReport> {
  const opened = await openRemote(project, options);
  try {
    const scope = resolveTransferScope(project, options.targets, options.cwd ?? process.cwd());
    const cacheDir = project.config.cacheDir;
    const plan = new ObjectPlan();
    const objectsOf = new Map<string, PlannedObject[]>();
    for (const out of scope.outputs) {
      const list = [plan.add(out.hash, out.store, out.path, isDirHash(out.hash) ? undefined : out.sizeBytes)];
      const manifest = isDirHash(out.hash) ? await localManifest(cacheDir, out.hash) : undefined;
      if (manifest) plan.addEntries(out, manifest);
      for (const e of manifest?.entries ?? []) list.push(plan.get(e.hash)!);
      objectsOf.set(out.path, list);
    }
    const all = plan.ordered();
    const { known, unknown } = partitionByIndex(opened.indexKey, all);
    const retry = { retries: opened.retries };
    let found: Map<string, number | undefined>;
    try {
      ({ found } = await findOnRemote(opened.remote, unknown.map((o) => o.hash), { jobs: opened.jobs, retry }));
    } catch (error) {
      throw remoteOperationFailure(error, opened);
    }
    const index = new IndexWriter(opened.indexKey);
    for (const object of unknown) if (found.has(object.hash)) index.mark(object);
    index.flush();
    const remoteHas = new Set([...known.map((o) => o.hash), ...found.keys()]);
    await addRemoteListings(project, opened, scope.outputs, objectsOf, plan, remoteHas);
    const report: RemoteStatusReport = { remote: { name: opened.name, url: opened.displayUrl }, toPush: { objects: 0, bytes: 0 }, toFetch: { objects: 0, bytes: 0 }, missing: 0, outputs: [] };
    const counted = new Set<string>();
    for (const out of scope.outputs) {
      const counts = { source: out.source, path: out.path, toPush: 0, toFetch: 0, missing: 0 };
      for (const object of objectsOf.get(out.path)!) {
        const local = hasObject(cacheDir, object.hash);
        const remote = remoteHas.has(object.hash);
        const kind = local && !remote ? "toPush" : !local && remote ? "toFetch" : !local && !remote ? "missing" : undefined;
        if (!kind) continue;
        counts[kind] += 1;
        if (counted.has(object.hash)) continue;
        counted.add(object.hash);
        if (kind === "missing") report.missing += 1;
        else {
          report[kind].objects += 1;
          report[kind].bytes += object.sizeBytes ?? 0;
        }
      }
      report.outputs.push({ ...counts, state: stateOf(counts) });
    }
    return report;
  } finally {
    await opened.remote.close?.();
  }
}
