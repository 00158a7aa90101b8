import { lstatSync } from "node:fs";
import { hasObject } from "../cache/cache-add";
import { objectPath } from "../cache/object-path";
import { isDirHash } from "../hash/hash-format";
import type { RunCacheEntry, StateStore } from "../plugin/state-backend";
import type { Project } from "../project/open-project";
import { remoteCopyIntact } from "./download-object";
import { findOnRemote } from "./find-on-remote";
import { ObjectPlan, type PlannedObject } from "./object-plan";
import { RECORD_INDEX_PREFIX, partitionByIndex } from "./remote-index";
import { listRunRecordKeys } from "./fetch-records";
import { runRecordKey, serializeRunRecord } from "./run-cache-records";
import { writeRecordOnce } from "./write-once-record";
import { assertRemoteWritable } from "./remote-trust";
import { type TransferRequest, type TransferSession, RunCacheReader, absorbPoolResult, closeTransferSession, localManifest, openTransferSession, remoteStep } from "./transfer-session";
import { type TransferTask, runTransfers } from "./transfer-pool";
import { ProgressCounter } from "./transfer-progress";
import type { TransferReport } from "./transfer-report";

export interface PushRequest extends TransferRequest {
  /** Ignore the remote index: check every object on the remote (and re-push what went missing). */
  verifyRemote?: boolean;
}

/** A run-cache record to push once its objects are on the remote. */
interface RecordPlan {
  key: string;
  /** Stage id, for the report. */
  stage: string;
  /** Serialized (and signed) once the record is known to be pushed. */
  body: string;
  entry: RunCacheEntry;
  outputs: Record<string, string>;
  stores: Set<StateStore>;
  hash: string;
  objects: string[];
}

/** Objects of the targets' outputs: files, and folder manifests with the files they list. */
async function planOutputs(session: TransferSession, plan: ObjectPlan, dirFiles: Map<string, string[]>): Promise<void> {
  const cacheDir = session.project.config.cacheDir;
  for (const out of session.scope.outputs) {
    if (!isDirHash(out.hash)) {
      plan.add(out.hash, out.store, out.path);
      continue;
    }
    const manifest = await localManifest(cacheDir, out.hash);
    if (manifest) {
      plan.addEntries(out, manifest);
      dirFiles.set(out.hash, manifest.entries.map((e) => e.hash));
    }
    plan.add(out.hash, out.store, `${out.path}/`);
  }
}

/**
 * Run-cache entries of the stages in scope not yet on the remote (per the index; with
 * `verifyRemote`, all of them) whose objects are all in the local cache. Records already indexed
 * cost nothing more: a record is pushed only after its objects, so its objects are there too.
 */
async function planRunCache(session: TransferSession, plan: ObjectPlan, dirFiles: Map<string, string[]>, verifyRemote: boolean): Promise<RecordPlan[]> {
  const { project, opened } = session;
  const signer = await opened.trust.signer();
  if (!signer && opened.trust.level === "signed") {
    session.report.notes.push(`Run-cache records not pushed: ${opened.name} is trust: signed and no signing key is set (remotes.${opened.name}.sign_key or PIVOT_SIGN_KEY), so other machines would ignore them`);
    return [];
  }
  const cacheDir = project.config.cacheDir;
  const reader = new RunCacheReader();
  const candidates: RecordPlan[] = [];
  for (const stage of session.scope.stages) {
    const store = project.state.forStage(stage);
    for (const entry of reader.entries(store, stage.lockName)) {
      const key = runRecordKey(project.root, stage, entry.inputHash);
      candidates.push({ key, stage: stage.id, body: "", entry, outputs: entry.outputs, stores: new Set([store]), hash: `${RECORD_INDEX_PREFIX}${key}`, objects: [] });
    }
  }
  const pending = verifyRemote ? candidates : partitionByIndex(session.opened.indexKey, candidates).unknown;
  session.report.runCache.present = candidates.length - pending.length;
  const records: RecordPlan[] = [];
  for (const record of pending) {
    let complete = true;
    for (const hash of Object.values(record.outputs)) {
      record.objects.push(hash);
      if (!hasObject(cacheDir, hash)) complete = false;
      if (!isDirHash(hash)) continue;
      const manifest = dirFiles.has(hash) ? undefined : await localManifest(cacheDir, hash);
      if (manifest) dirFiles.set(hash, manifest.entries.map((e) => e.hash));
      const files = dirFiles.get(hash);
      if (!files) complete = false;
      for (const file of files ?? []) {
        record.objects.push(file);
        if (!hasObject(cacheDir, file)) complete = false;
      }
    }
    if (!complete) continue;
    record.body = await serializeRunRecord(record.key, record.entry, signer);
    for (const hash of record.objects) plan.add(hash, [...record.stores][0]!, `run cache of ${record.key}`);
    records.push(record);
  }
  return records;
}

function uploadTask(session: TransferSession, object: PlannedObject, sizeBytes: number): TransferTask {
  const file = objectPath(session.project.config.cacheDir, object.hash);
  return {
    hash: object.hash,
    label: object.label,
    sizeBytes,
    run: (onBytes) => session.opened.remote.put(object.hash, file, { sizeBytes, onBytes }),
  };
}

/** Uploads `objects`, files before manifests; a manifest goes only once all its files are there. */
async function upload(session: TransferSession, objects: PlannedObject[], onRemote: Set<string>, dirFiles: Map<string, string[]>, request: PushRequest): Promise<void> {
  const { report, opened } = session;
  const sizes = new Map(objects.map((o) => [o.hash, lstatSync(objectPath(session.project.config.cacheDir, o.hash)).size]));
  report.objects.bytes = [...sizes.values()].reduce((a, b) => a + b, 0);
  report.objects.transferred = objects.length;
  if (request.dryRun || objects.length === 0) return;
  report.objects.transferred = 0;
  const progress = new ProgressCounter("upload", objects.length, report.objects.bytes, request.onProgress);
  const byHash = new Map(objects.map((o) => [o.hash, o]));
  const options = {
    jobs: opened.jobs,
    retry: session.retry,
    progress,
    onDone: (task: TransferTask) => {
      onRemote.add(task.hash);
      session.index.mark(byHash.get(task.hash)!);
      report.objects.transferred += 1;
    },
  };
  const files = objects.filter((o) => !o.isManifest);
  const first = await runTransfers(files.map((o) => uploadTask(session, o, sizes.get(o.hash)!)), options);
  absorbPoolResult(report, first);
  if (first.stoppedBy !== undefined) return;
  const ready = objects.filter((o) => o.isManifest && (dirFiles.get(o.hash) ?? []).every((h) => onRemote.has(h)));
  absorbPoolResult(report, await runTransfers(ready.map((o) => uploadTask(session, o, sizes.get(o.hash)!)), options));
}

/**
 * Pushes run-cache records whose objects are all on the remote now, write-once (see
 * writeRecordOnce): a key the remote already holds with other outputs is reported, never replaced.
 */
async function pushRecords(session: TransferSession, records: RecordPlan[], onRemote: Set<string>, request: PushRequest): Promise<void> {
  const { report, opened } = session;
  const remote = opened.remote;
  if (!remote.putRecord || !remote.getRecord || session.report.stopped) return;
  let unknown = records;
  if (request.verifyRemote) {
    const listed = new Set(await listRunRecordKeys(session));
    const indexed = partitionByIndex(opened.indexKey, records).known;
    for (const record of indexed) if (!listed.has(record.key) && !request.dryRun) session.index.forget(record);
    unknown = records.filter((r) => !listed.has(r.key));
    report.runCache.present = records.length - unknown.length;
  }
  if (request.dryRun) {
    report.runCache.transferred = unknown.length;
    return;
  }
  const ready = unknown.filter((r) => r.objects.every((h) => onRemote.has(h)));
  const tasks: TransferTask[] = ready.map((record) => ({
    hash: record.hash,
    label: record.key,
    sizeBytes: 0,
    run: async () => {
      const written = await writeRecordOnce(remote, record.key, record.body, record.outputs);
      if (written.kind === "conflict") report.runCache.conflicts.push({ stage: record.stage, key: record.key, reason: written.reason });
      else if (written.kind === "same") report.runCache.present += 1;
      else report.runCache.transferred += 1;
    },
  }));
  const byKey = new Map(ready.map((r) => [r.hash, r]));
  const result = await runTransfers(tasks, {
    jobs: opened.jobs,
    retry: session.retry,
    // A conflict is indexed too: the key is taken on the remote, asking again changes nothing.
    onDone: (task) => session.index.mark(byKey.get(task.hash)!),
  });
  absorbPoolResult(report, result);
}

/** Size of a local object, or undefined when it is not in the cache. */
function localSize(cacheDir: string, hash: string): number | undefined {
  return lstatSync(objectPath(cacheDir, hash), { throwIfNoEntry: false })?.size;
}

/**
 * `--verify-remote`: downloads every object found on the remote and re-hashes it; a copy whose
 * content does not match (damaged at rest, or written by a broken client) counts as missing, so it
 * is uploaded again from the local cache.
 */
async function verifyContent(session: TransferSession, found: Map<string, number | undefined>, request: PushRequest): Promise<void> {
  const { report, opened, project } = session;
  const hashes = [...found.keys()].filter((hash) => hasObject(project.config.cacheDir, hash));
  const progress = hashes.length > 0 ? new ProgressCounter("verify", hashes.length, 0, request.onProgress) : undefined;
  const corrupt: string[] = [];
  const result = await runTransfers(
    hashes.map((hash) => ({
      hash,
      label: `remote copy of ${hash}`,
      sizeBytes: found.get(hash) ?? 0,
      run: async () => {
        if (!(await remoteCopyIntact(hash, { remote: opened.remote, cacheDir: project.config.cacheDir, label: hash }))) corrupt.push(hash);
        progress?.objects(1);
      },
    })),
    { jobs: opened.jobs, retry: session.retry },
  );
  absorbPoolResult(report, result);
  report.checks.verified = hashes.length - result.failed.length - result.notStarted;
  report.checks.corrupt = corrupt.length;
  for (const hash of corrupt) found.delete(hash);
}

/**
 * Which objects the remote has: the index answers first (unless `verifyRemote`), the rest is
 * checked. An object found with another size than the local one (a truncated upload on a store
 * that is not atomic) counts as missing, so it is uploaded again.
 */
async function checkRemote(session: TransferSession, objects: PlannedObject[], request: PushRequest): Promise<{ onRemote: Set<string>; missing: PlannedObject[] }> {
  const { report, opened } = session;
  const cacheDir = session.project.config.cacheDir;
  const { known, unknown } = partitionByIndex(opened.indexKey, objects);
  const toCheck = request.verifyRemote ? objects : unknown;
  report.checks.indexed = objects.length - toCheck.length;
  report.checks.checked = toCheck.length;
  const progress = toCheck.length > 0 ? new ProgressCounter("check", toCheck.length, 0, request.onProgress) : undefined;
  const { found, method } = await remoteStep(session, () =>
    findOnRemote(opened.remote, toCheck.map((o) => o.hash), { jobs: opened.jobs, retry: session.retry, onChecked: (n) => progress?.objects(n) }),
  );
  report.checks.method = method;
  for (const [hash, size] of found) {
    const local = size === undefined ? undefined : localSize(cacheDir, hash);
    if (local !== undefined && local !== size) {
      found.delete(hash);
      report.checks.damaged += 1;
    }
  }
  if (request.verifyRemote) await verifyContent(session, found, request);
  const onRemote = new Set(request.verifyRemote ? found.keys() : [...known.map((o) => o.hash), ...found.keys()]);
  const forgotten = request.verifyRemote ? known.filter((o) => !found.has(o.hash)) : [];
  report.checks.forgotten = forgotten.length;
  if (!request.dryRun) {
    for (const object of toCheck) if (found.has(object.hash)) session.index.mark(object);
    for (const object of forgotten) session.index.forget(object);
  }
  return { onRemote, missing: toCheck.filter((o) => !found.has(o.hash)) };
}

/**
 * Pushes the targets' cached outputs (and their stages' run-cache entries) to a remote. Objects
 * the remote index knows are skipped without a request; the others are checked in batches (or by
 * listing), and only the missing ones are uploaded. Re-running after an interruption resumes.
 */
export async function pushToRemote(project: Project, request: PushRequest): Promise<TransferReport> {
  const session = await openTransferSession(project, "push", request);
  const { report, opened } = session;
  try {
    if (!request.dryRun) assertRemoteWritable(opened, "push");
    const plan = new ObjectPlan();
    const dirFiles = new Map<string, string[]>();
    await planOutputs(session, plan, dirFiles);
    const records = await planRunCache(session, plan, dirFiles, request.verifyRemote === true);
    const objects = plan.ordered();
    report.objects.total = objects.length;
    const { onRemote, missing } = await checkRemote(session, objects, request);
    report.objects.present = objects.length - missing.length;
    const local: PlannedObject[] = [];
    for (const object of missing) {
      if (hasObject(project.config.cacheDir, object.hash)) {
        local.push(object);
        continue;
      }
      report.failures.push({ hash: object.hash, label: object.label, error: "missing from the local cache and not on the remote" });
      report.objects.failed += 1;
    }
    await upload(session, local, onRemote, dirFiles, request);
    await pushRecords(session, records, onRemote, request);
  } finally {
    await closeTransferSession(session);
  }
  return report;
}
