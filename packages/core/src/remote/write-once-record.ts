import type { Remote } from "../plugin/remote-backend";

/** What became of a run-cache record pushed write-once. */
export type RecordWrite = { kind: "created" } | { kind: "same" } | { kind: "conflict"; reason: string };

/** Output paths → hashes of a record body, or undefined when the body is not a record. */
function recordOutputs(body: string): Record<string, string> | undefined {
  try {
    const raw = JSON.parse(body) as { outputs?: unknown } | null;
    if (raw === null || typeof raw !== "object" || raw.outputs === null || typeof raw.outputs !== "object") return undefined;
    return raw.outputs as Record<string, string>;
  } catch {
    return undefined;
  }
}

function sameOutputs(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** Compares an existing record with ours: the same outputs are the same entry (whoever made it). */
function judgeExisting(existing: string, outputs: Record<string, string>): RecordWrite {
  const theirs = recordOutputs(existing);
  if (!theirs) return { kind: "conflict", reason: "the remote holds an unreadable record under this key" };
  if (sameOutputs(theirs, outputs)) return { kind: "same" };
  const differing = Object.keys({ ...theirs, ...outputs }).filter((path) => theirs[path] !== outputs[path]).sort();
  return { kind: "conflict", reason: `the remote's record names other outputs for ${differing.join(", ")}` };
}

/**
 * Writes a run-cache record only if its key is free: records are written once, never replaced.
 * A record already there naming the same outputs is the same entry (made elsewhere, or pushed
 * before): nothing is written. One naming other outputs (a stage that is not deterministic, or
 * tampering) is left as it is and reported as a conflict. A backend with `createRecord` makes the
 * check and the write one atomic step; otherwise the record is read first, then written.
 */
export async function writeRecordOnce(remote: Remote, key: string, body: string, outputs: Record<string, string>): Promise<RecordWrite> {
  if (remote.createRecord) {
    if (await remote.createRecord(key, body)) return { kind: "created" };
  }
  const existing = await remote.getRecord?.(key);
  if (existing !== undefined) return judgeExisting(existing, outputs);
  if (remote.createRecord) return { kind: "conflict", reason: "the record appeared and vanished while it was being written; push again" };
  await remote.putRecord!(key, body);
  return { kind: "created" };
}
