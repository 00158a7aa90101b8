// Row shapes of the run_cache and runs tables, and their mapping to the core types.
import type { RunCacheEntry, RunCacheProducer, RunRecord } from "@pivot/core/plugin";

function parseProducerJson(text: string): RunCacheProducer | undefined {
  try {
    const raw = JSON.parse(text) as Partial<RunCacheProducer> | null;
    if (!raw || typeof raw.pivotVersion !== "string" || typeof raw.host !== "string" || typeof raw.user !== "string") return undefined;
    return { pivotVersion: raw.pivotVersion, host: raw.host, user: raw.user, ...(typeof raw.gitCommit === "string" ? { gitCommit: raw.gitCommit } : {}) };
  } catch {
    return undefined;
  }
}

export interface RunCacheRow {
  stage: string;
  input_hash: string;
  outputs_json: string;
  run_id: string | null;
  created_at_ms: number;
  producer_json: string | null;
}

export interface RunRow {
  id: string;
  started_at_ms: number;
  duration_ms: number;
  command: string;
  status: RunRecord["status"];
  stages_json: string;
}

export const RUN_COLUMNS = "id, started_at_ms, duration_ms, command, status, stages_json";
export const RUN_CACHE_COLUMNS = "stage, input_hash, outputs_json, run_id, created_at_ms, producer_json";
/** Newest first; rowid breaks ties between runs started in the same millisecond. */
export const RUNS_NEWEST_FIRST = "ORDER BY started_at_ms DESC, rowid DESC";

export function toRunCacheEntry(row: RunCacheRow): RunCacheEntry {
  const entry: RunCacheEntry = {
    stage: row.stage,
    inputHash: row.input_hash,
    outputs: JSON.parse(row.outputs_json) as Record<string, string>,
    createdAtMs: row.created_at_ms,
  };
  if (row.run_id !== null) entry.runId = row.run_id;
  const producer = row.producer_json === null ? undefined : parseProducerJson(row.producer_json);
  if (producer) entry.producer = producer;
  return entry;
}

/** A stage skipped as unchanged in no time: stored as its bare name (most stages of most runs). */
function isPlainUnchanged(stage: RunRecord["stages"][number]): boolean {
  return stage.status === "skipped" && stage.reason === "unchanged" && stage.durationMs === 0 && Object.keys(stage).length === 4;
}

/**
 * The `stages_json` of a run, in run order: a stage skipped as unchanged is its name alone, any
 * other stage its full record (a no-op run of 100 000 stages takes ~1 MB instead of ~8 MB).
 */
export function encodeRunStages(stages: RunRecord["stages"]): string {
  return JSON.stringify(stages.map((stage) => (isPlainUnchanged(stage) ? stage.stage : stage)));
}

function decodeRunStages(text: string): RunRecord["stages"] {
  const raw = JSON.parse(text) as Array<string | RunRecord["stages"][number]>;
  return raw.map((entry) => (typeof entry === "string" ? { stage: entry, status: "skipped", reason: "unchanged", durationMs: 0 } : entry));
}

export function toRunRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    startedAtMs: row.started_at_ms,
    durationMs: row.duration_ms,
    command: row.command,
    status: row.status,
    stages: decodeRunStages(row.stages_json),
  };
}
