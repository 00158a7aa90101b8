import { isValidHash } from "../hash/hash-format";
import type { Stage } from "../model/pipeline";
import { toProjectPath } from "../model/paths";
import type { RunCacheEntry } from "../plugin/state-backend";
import { parseProducer } from "../state/run-cache-producer";
import { stateDirOf } from "../state/state-router";

/** Remote records of run-cache entries live under this prefix: `runs/<stateDir>/<lockName>/<inputHash>`. */
export const RUN_RECORD_PREFIX = "runs/";

/** The remote record key of a stage's entry; the stateDir keeps stages of different pipelines apart. */
export function runRecordKey(projectRoot: string, stage: Stage, inputHash: string): string {
  return `${runRecordStagePrefix(projectRoot, stage)}${inputHash}`;
}

/** `runs/<stateDir>/<lockName>/` for a stage (each part URI-encoded, so one path segment). */
export function runRecordStagePrefix(projectRoot: string, stage: Stage): string {
  const stateDir = encodeURIComponent(toProjectPath(projectRoot, stateDirOf(stage)));
  return `${RUN_RECORD_PREFIX}${stateDir}/${encodeURIComponent(stage.lockName)}/`;
}

/** The body of a record: the entry (with who made it), minus the local run id. */
export function serializeRunRecord(entry: RunCacheEntry): string {
  return JSON.stringify({
    schema: 1,
    stage: entry.stage,
    inputHash: entry.inputHash,
    outputs: entry.outputs,
    createdAtMs: entry.createdAtMs,
    ...(entry.producer ? { producer: entry.producer } : {}),
  });
}

/** Parses a record fetched for `stage`; undefined when it is malformed or names other outputs. */
export function parseRunRecord(body: string, stage: Stage, inputHash: string): RunCacheEntry | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (raw === null || typeof raw !== "object") return undefined;
  const { schema, inputHash: recorded, outputs, createdAtMs, producer } = raw as Record<string, unknown>;
  if (schema !== 1 || recorded !== inputHash || outputs === null || typeof outputs !== "object") return undefined;
  const declared = new Set(stage.outs.map((o) => o.path));
  const entries = Object.entries(outputs as Record<string, unknown>);
  if (entries.some(([path, hash]) => !declared.has(path) || typeof hash !== "string" || !isValidHash(hash))) return undefined;
  const madeBy = parseProducer(producer);
  return {
    stage: stage.lockName,
    inputHash,
    outputs: Object.fromEntries(entries) as Record<string, string>,
    createdAtMs: typeof createdAtMs === "number" ? createdAtMs : Date.now(),
    ...(madeBy ? { producer: madeBy } : {}),
  };
}
