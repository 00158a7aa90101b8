import { hasObject } from "../cache/cache-add";
import type { OutputSupply } from "../engine/output-supply";
import type { Project } from "../project/open-project";
import { fetchOutputObjects } from "./fetch";
import { describeFailure, remoteOperationFailure } from "./remote-errors";
import { RECORD_INDEX_PREFIX } from "./remote-index";
import { withRetry } from "./retry";
import { type RecordTrust, judgeRunRecord, runRecordKey } from "./run-cache-records";
import { recordTrust } from "./fetch-records";
import type { RecordProblem } from "./transfer-report";
import { type TransferSession, closeTransferSession, openTransferSession } from "./transfer-session";
import type { OpenRemoteOptions } from "./open-remote";

/** `repro --pull`: an OutputSupply over one remote session for the whole run. */
export interface OnDemandPull extends OutputSupply {
  /** Objects and run-cache records fetched so far, outputs that could not be, and why the remote stopped being asked (if it did). */
  summary(): { objects: number; records: number; failed: number; refused?: string; rejected: RecordProblem[] };
  close(): Promise<void>;
}

/**
 * Opens the remote (`--remote`, else the default) for fetching on demand. Objects are downloaded
 * exactly as `pivot fetch` does (re-hashed before they enter the cache). An object the remote lacks
 * or holds damaged is counted as failed; a remote that refuses us outright (credentials, unreachable)
 * is asked no more. Either way the stages run instead, and `summary()` says so.
 */
export async function openOnDemandPull(project: Project, options: OpenRemoteOptions = {}): Promise<OnDemandPull> {
  const session: TransferSession = await openTransferSession(project, "fetch", { targets: [], ...options }, { outputs: [], stages: [], notes: [] });
  const cacheDir = project.config.cacheDir;
  let records = 0;
  let refused: string | undefined;
  /** Run-cache records refused (corrupt, unsigned, badly signed): their stages ran. */
  const rejected: RecordProblem[] = [];
  let trust: RecordTrust | undefined;
  /** Objects this run could not fetch (not on the remote, or damaged there): never asked for twice. */
  const unavailable = new Set<string>();

  /** Runs a request unless the remote was given up on; `onRefused` hears why it is (now or before). */
  async function guarded(fn: () => Promise<boolean>, onRefused?: (why: string) => void): Promise<boolean> {
    if (refused === undefined) {
      try {
        return await fn();
      } catch (error) {
        // Per-object failures are counted, not thrown: what is thrown stops the remote as a whole.
        refused = describeFailure(remoteOperationFailure(error, session.opened));
      }
    }
    onRefused?.(refused);
    return false;
  }

  return {
    remoteName: session.opened.name,
    fetchOutputs: (stage, outs) =>
      guarded(async () => {
        if (outs.some((o) => unavailable.has(o.hash))) return false;
        const store = project.state.forStage(stage);
        const refs = outs.map((o) => ({ path: o.path, hash: o.hash, sizeBytes: o.sizeBytes, store, source: `stage '${stage.id}'` }));
        await fetchOutputObjects(session, refs, {});
        const lacking = outs.filter((o) => !hasObject(cacheDir, o.hash));
        for (const o of lacking) unavailable.add(o.hash);
        return lacking.length === 0;
      }),
    fetchRunRecord: async (stage, inputHash) => {
      let skipped: string | undefined;
      const found = await guarded(async () => {
        const { remote } = session.opened;
        if (!remote.getRecord) return false;
        const key = runRecordKey(project.root, stage, inputHash);
        const body = await withRetry(() => remote.getRecord!(key), session.retry);
        if (body === undefined) return false;
        trust ??= await recordTrust(session);
        const verdict = await judgeRunRecord(body, stage, inputHash, key, trust);
        if (!verdict.ok) {
          rejected.push({ stage: stage.id, key, reason: verdict.reason });
          skipped = `run-cache record on ${session.opened.name} ignored: ${verdict.reason}`;
          return false;
        }
        const store = project.state.forStage(stage);
        store.putRunCache(verdict.entry);
        session.index.mark({ hash: `${RECORD_INDEX_PREFIX}${key}`, stores: new Set([store]) });
        records += 1;
        return true;
      }, (why) => (skipped = `run cache on ${session.opened.name} skipped: ${why}`));
      return found ? { found: true } : { found: false, ...(skipped ? { skipped } : {}) };
    },
    summary: () => ({
      objects: session.report.objects.transferred,
      records,
      failed: unavailable.size,
      ...(refused !== undefined ? { refused } : {}),
      rejected,
    }),
    close: async () => {
      await closeTransferSession(session);
    },
  };
}
