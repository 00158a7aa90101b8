import type { Stage } from "../model/pipeline";
import type { RunCacheEntry, StateStore } from "../plugin/state-backend";
import { RECORD_INDEX_PREFIX } from "./remote-index";
import { withRetry } from "./retry";
import { type RecordTrust, RUN_RECORD_PREFIX, judgeRunRecord, runRecordStagePrefix } from "./run-cache-records";
import { type TransferSession, absorbPoolResult, remoteStep } from "./transfer-session";
import { runTransfers } from "./transfer-pool";

/** Listing record keys per stage is cheaper than listing them all up to this many stages. */
const PER_STAGE_LISTING_MAX = 8;

interface WantedRecord {
  key: string;
  stage: Stage;
  store: StateStore;
  inputHash: string;
}

async function listKeys(session: TransferSession, prefixes: string[]): Promise<string[]> {
  const remote = session.opened.remote;
  const keys: string[] = [];
  for (const prefix of prefixes) {
    keys.push(
      ...(await withRetry(async () => {
        const found: string[] = [];
        for await (const key of remote.listRecords!(prefix)) found.push(key);
        return found;
      }, session.retry)),
    );
  }
  return keys;
}

function stagesByRecordPrefix(session: TransferSession): Map<string, Stage> {
  return new Map(session.scope.stages.map((s) => [runRecordStagePrefix(session.project.root, s), s]));
}

/** How this session's remote is trusted, with its verify keys loaded (a key that cannot be read stops the command). */
export async function recordTrust(session: TransferSession): Promise<RecordTrust> {
  const { trust } = session.opened;
  return { level: trust.level, verifyKeys: await trust.verifyKeys() };
}

/** Keys of the remote's run-cache records of the stages in scope (one listing per stage, or one for all). */
export async function listRunRecordKeys(session: TransferSession): Promise<string[]> {
  if (!session.opened.remote.listRecords || session.scope.stages.length === 0) return [];
  const byPrefix = stagesByRecordPrefix(session);
  const prefixes = byPrefix.size <= PER_STAGE_LISTING_MAX ? [...byPrefix.keys()] : [RUN_RECORD_PREFIX];
  const keys = await remoteStep(session, () => listKeys(session, prefixes));
  return keys.filter((key) => byPrefix.has(key.slice(0, key.lastIndexOf("/") + 1)));
}

/**
 * Brings the run-cache entries of the stages in scope from the remote into their state stores
 * (entries already known locally are not downloaded). Returns the new entries.
 */
export async function fetchRunRecords(session: TransferSession, dryRun: boolean): Promise<RunCacheEntry[]> {
  const { project, opened, report } = session;
  if (!opened.remote.listRecords || !opened.remote.getRecord || session.scope.stages.length === 0) return [];
  const byPrefix = stagesByRecordPrefix(session);
  const wanted: WantedRecord[] = [];
  for (const key of await listRunRecordKeys(session)) {
    const slash = key.lastIndexOf("/");
    const stage = byPrefix.get(key.slice(0, slash + 1))!;
    const store = project.state.forStage(stage);
    const inputHash = key.slice(slash + 1);
    if (store.getRunCache(stage.lockName, inputHash)) report.runCache.present += 1;
    else wanted.push({ key, stage, store, inputHash });
  }
  if (dryRun) {
    report.runCache.transferred = wanted.length;
    return [];
  }
  const fetched = new Map<string, RunCacheEntry>();
  const byKey = new Map(wanted.map((w) => [w.key, w]));
  const trust = await recordTrust(session);
  const result = await runTransfers(
    wanted.map((w) => ({
      hash: w.key,
      label: `run cache of ${w.stage.id}`,
      sizeBytes: 0,
      run: async () => {
        const body = await opened.remote.getRecord!(w.key);
        if (body === undefined) return;
        const verdict = await judgeRunRecord(body, w.stage, w.inputHash, w.key, trust);
        if (verdict.ok) fetched.set(w.key, verdict.entry);
        else report.runCache.rejected.push({ stage: w.stage.id, key: w.key, reason: verdict.reason });
      },
    })),
    { jobs: opened.jobs, retry: session.retry },
  );
  absorbPoolResult(report, result);
  report.runCache.rejected.sort((a, b) => a.key.localeCompare(b.key));
  const byStore = new Map<StateStore, RunCacheEntry[]>();
  for (const [key, entry] of fetched) {
    const { store } = byKey.get(key)!;
    byStore.set(store, [...(byStore.get(store) ?? []), entry]);
    session.index.mark({ hash: `${RECORD_INDEX_PREFIX}${key}`, stores: new Set([store]) });
  }
  for (const [store, list] of byStore) store.transaction(() => list.forEach((entry) => store.putRunCache(entry)));
  const entries = [...fetched.values()];
  report.runCache.transferred = entries.length;
  return entries;
}
