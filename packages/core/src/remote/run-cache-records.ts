import { isValidHash } from "../hash/hash-format";
import type { Stage } from "../model/pipeline";
import { toProjectPath } from "../model/paths";
import type { RunCacheEntry, RunCacheProducer } from "../plugin/state-backend";
import { parseProducer } from "../state/run-cache-producer";
import { stateDirOf } from "../state/state-router";
import { type RecordSigner, type VerifyKey, contentDigest, signatureProblem } from "./record-signing";
import type { TrustLevel } from "./remote-trust";

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

/**
 * What a record's digest and signature cover, as one string: its key (so a record cannot be
 * replayed under another stage or inputs), stage, inputs, outputs (sorted), time and producer.
 */
export function canonicalRecordContent(key: string, entry: Pick<RunCacheEntry, "stage" | "inputHash" | "outputs" | "createdAtMs" | "producer">): string {
  const outputs = Object.entries(entry.outputs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const p: RunCacheProducer | undefined = entry.producer;
  const producer = p ? [p.pivotVersion, p.host, p.user, p.gitCommit ?? null] : null;
  return JSON.stringify(["pivot-run-record-1", key, entry.stage, entry.inputHash, outputs, entry.createdAtMs, producer]);
}

/**
 * The body of a record: the entry (with who made it) minus the local run id, the SHA-256 digest
 * of its canonical content and, with a signing key, an Ed25519 signature of that content. The
 * schema stays 1: the added fields are optional, so older readers still use the record.
 */
export async function serializeRunRecord(key: string, entry: RunCacheEntry, signer?: RecordSigner): Promise<string> {
  const content = canonicalRecordContent(key, entry);
  return JSON.stringify({
    schema: 1,
    stage: entry.stage,
    inputHash: entry.inputHash,
    outputs: entry.outputs,
    createdAtMs: entry.createdAtMs,
    ...(entry.producer ? { producer: entry.producer } : {}),
    digest: await contentDigest(content),
    ...(signer ? { signature: await signer.sign(content) } : {}),
  });
}

/** How much a reader trusts a remote's records (see remote-trust.ts). */
export interface RecordTrust {
  level: TrustLevel;
  /** The keys signatures are checked with (needed for `signed`; with `any`, a signature present is checked when keys are known). */
  verifyKeys: readonly VerifyKey[];
}

export type RecordVerdict = { ok: true; entry: RunCacheEntry } | { ok: false; reason: string };

/**
 * Judges a record fetched for `stage` at `key`: it must be a record of these inputs naming only
 * declared outputs; a digest must match its content (else it was damaged or edited); on a
 * `trust: signed` remote it must carry a signature by one of the verify keys. Never throws.
 */
export async function judgeRunRecord(body: string, stage: Stage, inputHash: string, key: string, trust: RecordTrust): Promise<RecordVerdict> {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return { ok: false, reason: "not a run-cache record (unreadable JSON)" };
  }
  if (raw === null || typeof raw !== "object") return { ok: false, reason: "not a run-cache record" };
  const { schema, stage: recordedStage, inputHash: recorded, outputs, createdAtMs, producer, digest, signature } = raw as Record<string, unknown>;
  if (schema !== 1 || outputs === null || typeof outputs !== "object") return { ok: false, reason: "not a run-cache record of a known schema" };
  if (recorded !== inputHash) return { ok: false, reason: "it records other inputs than its key says" };
  const declared = new Set(stage.outs.map((o) => o.path));
  const entries = Object.entries(outputs as Record<string, unknown>);
  if (entries.some(([path, hash]) => !declared.has(path) || typeof hash !== "string" || !isValidHash(hash))) {
    return { ok: false, reason: "it names outputs the stage does not declare" };
  }
  const madeBy = parseProducer(producer);
  const entry: RunCacheEntry = {
    stage: stage.lockName,
    inputHash,
    outputs: Object.fromEntries(entries) as Record<string, string>,
    createdAtMs: typeof createdAtMs === "number" ? createdAtMs : Date.now(),
    ...(madeBy ? { producer: madeBy } : {}),
  };
  const content = canonicalRecordContent(key, { ...entry, stage: typeof recordedStage === "string" ? recordedStage : "", createdAtMs: typeof createdAtMs === "number" ? createdAtMs : NaN });
  if (digest !== undefined && digest !== (await contentDigest(content))) return { ok: false, reason: "its content does not match its digest (damaged or edited on the remote)" };
  if (trust.level === "signed") {
    const problem = await signatureProblem(content, signature, trust.verifyKeys);
    if (problem) return { ok: false, reason: `${problem} (the remote is trust: signed)` };
  } else if (trust.verifyKeys.some((k) => k.keyId === (signature as { keyId?: unknown } | null | undefined)?.keyId)) {
    // A remote trusting any record still refuses one that claims a known key and is not signed by it.
    const problem = await signatureProblem(content, signature, trust.verifyKeys);
    if (problem) return { ok: false, reason: problem };
  }
  return { ok: true, entry };
}
