import { hasObject } from "../cache/cache-add";
import { writeManifestObject } from "../cache/manifest-object";
import type { DirManifest } from "../hash/dir-manifest";
import { isDirHash } from "../hash/hash-format";
import type { Project } from "../project/open-project";
import { downloadFileObject, downloadManifest } from "./download-object";
import { fetchRunRecords } from "./fetch-records";
import { ObjectPlan, type PlannedObject } from "./object-plan";
import { type TransferRequest, type TransferSession, RunCacheReader, absorbPoolResult, closeTransferSession, localManifest, openTransferSession } from "./transfer-session";
import { type TransferTask, runTransfers } from "./transfer-pool";
import { ProgressCounter } from "./transfer-progress";
import type { TransferReport } from "./transfer-report";
import type { OutputRef } from "./transfer-targets";

export interface FetchRequest extends TransferRequest {
  /** Also fetch the objects of every run-cache entry of the stages in scope (not only the locked outputs). */
  runCache?: boolean;
}

/** Manifests known after a fetch (from the cache or just downloaded), for placing directories. */
export type ManifestMap = Map<string, DirManifest>;

interface FetchState {
  plan: ObjectPlan;
  /** Objects already in the local cache. */
  present: Set<string>;
  manifests: ManifestMap;
  /** Outputs whose manifest must be downloaded first, by manifest hash. */
  pendingDirs: Map<string, OutputRef[]>;
  /** Manifests downloaded (verified), stored in the cache once all their files are in. */
  downloaded: Map<string, DirManifest>;
}

function addEntries(state: FetchState, cacheDir: string, out: OutputRef, manifest: DirManifest): void {
  for (const entry of manifest.entries) {
    if (hasObject(cacheDir, entry.hash)) state.present.add(entry.hash);
    else state.plan.add(entry.hash, out.store, `${out.path}/${entry.path}`, entry.size);
  }
}

async function planOutput(state: FetchState, cacheDir: string, out: OutputRef): Promise<void> {
  if (!isDirHash(out.hash)) {
    if (hasObject(cacheDir, out.hash)) state.present.add(out.hash);
    else state.plan.add(out.hash, out.store, out.path, out.sizeBytes);
    return;
  }
  const manifest = state.manifests.get(out.hash) ?? (await localManifest(cacheDir, out.hash));
  if (manifest) {
    state.manifests.set(out.hash, manifest);
    state.present.add(out.hash);
    addEntries(state, cacheDir, out, manifest);
    return;
  }
  state.pendingDirs.set(out.hash, [...(state.pendingDirs.get(out.hash) ?? []), out]);
}

/** Downloads the manifests of directories not in the cache (kept in memory until their files are in). */
async function fetchManifests(session: TransferSession, state: FetchState, request: Pick<FetchRequest, "dryRun" | "onProgress">): Promise<void> {
  if (state.pendingDirs.size === 0) return;
  const { opened, project } = session;
  const tasks: TransferTask[] = [...state.pendingDirs].map(([hash, outs]) => ({
    hash,
    label: `${outs[0]!.path}/`,
    sizeBytes: 0,
    run: async () => {
      const { manifest } = await downloadManifest(hash, { remote: opened.remote, cacheDir: project.config.cacheDir, label: `${outs[0]!.path}/` });
      state.downloaded.set(hash, manifest);
    },
  }));
  const progress = new ProgressCounter("download", tasks.length, 0, request.onProgress);
  const onDone = () => {
    if (!request.dryRun) session.report.objects.transferred += 1;
  };
  absorbPoolResult(session.report, await runTransfers(tasks, { jobs: opened.jobs, retry: session.retry, progress, onDone }));
  for (const [hash, manifest] of state.downloaded) {
    state.manifests.set(hash, manifest);
    const outs = state.pendingDirs.get(hash)!;
    for (const out of outs) {
      state.plan.add(hash, out.store, `${out.path}/`);
      addEntries(state, project.config.cacheDir, out, manifest);
    }
  }
}

/** The run-cache entries' outputs of the stages in scope, as outputs to fetch (`--run-cache`). */
function runCacheOutputs(session: TransferSession): OutputRef[] {
  const reader = new RunCacheReader();
  const outs: OutputRef[] = [];
  for (const stage of session.scope.stages) {
    const store = session.project.state.forStage(stage);
    for (const entry of reader.entries(store, stage.lockName)) {
      for (const [path, hash] of Object.entries(entry.outputs)) outs.push({ path, hash, sizeBytes: 0, store, source: `run cache of stage '${stage.id}'` });
    }
  }
  return outs;
}

async function downloadFiles(session: TransferSession, objects: PlannedObject[], request: Pick<FetchRequest, "dryRun" | "onProgress">): Promise<void> {
  const { report, opened, project } = session;
  report.objects.bytes = objects.reduce((sum, o) => sum + (o.sizeBytes ?? 0), 0);
  if (request.dryRun || objects.length === 0) return;
  const progress = new ProgressCounter("download", objects.length, report.objects.bytes, request.onProgress);
  const byHash = new Map(objects.map((o) => [o.hash, o]));
  const tasks: TransferTask[] = objects.map((object) => ({
    hash: object.hash,
    label: object.label,
    sizeBytes: object.sizeBytes ?? 0,
    run: (onBytes) =>
      downloadFileObject(object.hash, { remote: opened.remote, cacheDir: project.config.cacheDir, label: object.label, ...(object.sizeBytes !== undefined ? { sizeBytes: object.sizeBytes } : {}), onBytes }),
  }));
  const result = await runTransfers(tasks, {
    jobs: opened.jobs,
    retry: session.retry,
    progress,
    onDone: (task) => {
      session.index.mark(byHash.get(task.hash)!);
      report.objects.transferred += 1;
    },
    onFailed: (task, error) => {
      if ((error as { code?: string }).code === "TRANSFER_FAILED") session.index.forget(byHash.get(task.hash)!);
      return false;
    },
  });
  absorbPoolResult(report, result);
}

/** Stores downloaded manifests whose files are all in the cache now. */
async function storeManifests(session: TransferSession, state: FetchState): Promise<void> {
  const cacheDir = session.project.config.cacheDir;
  for (const [hash, manifest] of state.downloaded) {
    if (!manifest.entries.every((e) => hasObject(cacheDir, e.hash))) continue;
    await writeManifestObject(cacheDir, manifest);
    session.index.mark(state.plan.get(hash)!);
  }
}

/** Fetch inside an open session (pull continues with the manifests it returns). */
export async function fetchInSession(session: TransferSession, request: FetchRequest): Promise<ManifestMap> {
  await fetchRunRecords(session, request.dryRun === true);
  const outputs = request.runCache ? [...session.scope.outputs, ...runCacheOutputs(session)] : session.scope.outputs;
  return fetchOutputObjects(session, outputs, request);
}

/**
 * Downloads the objects of `outputs` missing from the local cache (a directory's manifest first,
 * then its files; every object re-hashed before it is stored). Returns the manifests known after it.
 */
export async function fetchOutputObjects(session: TransferSession, outputs: readonly OutputRef[], request: Pick<FetchRequest, "dryRun" | "onProgress">): Promise<ManifestMap> {
  const { project, report } = session;
  const cacheDir = project.config.cacheDir;
  const state: FetchState = { plan: new ObjectPlan(), present: new Set(), manifests: new Map(), pendingDirs: new Map(), downloaded: new Map() };
  for (const out of outputs) await planOutput(state, cacheDir, out);
  await fetchManifests(session, state, request);
  const files = state.plan.ordered().filter((o) => !o.isManifest);
  report.objects.total = state.plan.size + state.present.size;
  report.objects.present = state.present.size;
  if (request.dryRun) report.objects.transferred = state.plan.size;
  if (report.stopped) return state.manifests;
  await downloadFiles(session, files, request);
  if (!request.dryRun) await storeManifests(session, state);
  return state.manifests;
}

/** Downloads the targets' cached outputs (and their stages' run-cache entries) into the local cache. */
export async function fetchFromRemote(project: Project, request: FetchRequest): Promise<TransferReport> {
  const session = await openTransferSession(project, "fetch", request);
  try {
    await fetchInSession(session, request);
  } finally {
    await closeTransferSession(session);
  }
  return session.report;
}
