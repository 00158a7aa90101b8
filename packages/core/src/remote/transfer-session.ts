import { hasObject } from "../cache/cache-add";
import { readManifestObject } from "../cache/manifest-object";
import type { DirManifest } from "../hash/dir-manifest";
import { isDirHash } from "../hash/hash-format";
import type { StateStore } from "../plugin/state-backend";
import type { Project } from "../project/open-project";
import { type OpenedRemote, openRemote } from "./open-remote";
import { describeFailure, isFatalRemoteError, remoteOperationFailure } from "./remote-errors";
import { IndexWriter } from "./remote-index";
import { type RetryPolicy, baseBackoffMs } from "./retry";
import type { ProgressListener } from "./transfer-progress";
import { type TransferAction, type TransferReport, emptyReport } from "./transfer-report";
import { type TransferScope, resolveTransferScope } from "./transfer-targets";
import type { PoolResult } from "./transfer-pool";

/** What push, fetch and pull are asked to do. */
export interface TransferRequest {
  /** Stage names/globs or paths (relative to `cwd`); none means every stage. */
  targets: readonly string[];
  cwd?: string;
  /** `--remote`: a configured name or a URL/path. */
  remote?: string;
  jobs?: number;
  dryRun?: boolean;
  onProgress?: ProgressListener;
}

/** Everything one transfer command works with. */
export interface TransferSession {
  project: Project;
  opened: OpenedRemote;
  scope: TransferScope;
  retry: RetryPolicy;
  index: IndexWriter;
  report: TransferReport;
  started: number;
}

/** Opens the remote for a transfer of `request.targets` (or of exactly `scope`, when given). */
export async function openTransferSession(project: Project, action: TransferAction, request: TransferRequest, scope?: TransferScope): Promise<TransferSession> {
  const started = performance.now();
  const opened = await openRemote(project, { ...(request.remote !== undefined ? { remote: request.remote } : {}), ...(request.jobs !== undefined ? { jobs: request.jobs } : {}) });
  scope ??= resolveTransferScope(project, request.targets, request.cwd ?? process.cwd());
  const report = emptyReport(action, { name: opened.name, url: opened.displayUrl }, request.dryRun === true);
  report.notes.push(...scope.notes);
  return {
    project,
    opened,
    scope,
    retry: { retries: opened.retries, baseDelayMs: baseBackoffMs() },
    index: new IndexWriter(opened.indexKey),
    report,
    started,
  };
}

/** Flushes the index, closes the remote and stamps the duration. */
export async function closeTransferSession(session: TransferSession): Promise<TransferReport> {
  session.index.flush();
  await session.opened.remote.close?.();
  session.report.durationMs = Math.round(performance.now() - session.started);
  return session.report;
}

/** Runs a step that talks to the remote as a whole (existence checks, listings): its failure ends the command. */
export async function remoteStep<T>(session: TransferSession, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw remoteOperationFailure(error, session.opened);
  }
}

/**
 * Adds a pool's failures and early stop to the report. When the remote refused us outright
 * (credentials, missing bucket) that error is thrown instead: the per-object list would only repeat it.
 */
export function absorbPoolResult(report: TransferReport, pool: PoolResult): void {
  if (pool.stoppedBy !== undefined && isFatalRemoteError(pool.stoppedBy)) throw pool.stoppedBy;
  report.failures.push(...pool.failed);
  report.objects.failed += pool.failed.length;
  if (pool.stoppedBy !== undefined && !report.stopped) report.stopped = { reason: describeFailure(pool.stoppedBy), notStarted: pool.notStarted };
}

/** The manifest of a `.dir` hash from the local cache, or undefined when it is not there. */
export async function localManifest(cacheDir: string, hash: string): Promise<DirManifest | undefined> {
  if (!isDirHash(hash) || !hasObject(cacheDir, hash)) return undefined;
  try {
    return await readManifestObject(cacheDir, hash);
  } catch {
    return undefined;
  }
}

/** Run-cache entries of a store, read once per command. */
export class RunCacheReader {
  readonly #byStore = new Map<StateStore, ReturnType<StateStore["listRunCache"]>>();

  entries(store: StateStore, lockName: string): ReturnType<StateStore["listRunCache"]> {
    let all = this.#byStore.get(store);
    if (!all) {
      all = store.listRunCache();
      this.#byStore.set(store, all);
    }
    return all.filter((e) => e.stage === lockName);
  }
}
