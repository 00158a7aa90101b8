import { hostname, userInfo } from "node:os";
import type { Remote } from "../plugin/remote-backend";

/**
 * The record `gc --remote` rewrites whenever it deletes. Each machine's remote index (which
 * objects it believes the remote holds) is keyed by the remote *and* this epoch, so what a
 * machine learnt before a gc is never trusted after it: a push re-checks instead of skipping an
 * upload of an object gc removed.
 */
export const GC_EPOCH_KEY = "meta/gc-epoch";

export interface GcEpoch {
  epoch: string;
  atMs: number;
  by: string;
}

/** The remote's current epoch, or undefined when it was never collected (or keeps no records). */
export async function readGcEpoch(remote: Remote): Promise<string | undefined> {
  if (!remote.getRecord) return undefined;
  const body = await remote.getRecord(GC_EPOCH_KEY);
  if (body === undefined) return undefined;
  try {
    const parsed = JSON.parse(body) as Partial<GcEpoch>;
    if (typeof parsed.epoch === "string" && /^[A-Za-z0-9._-]{1,64}$/.test(parsed.epoch)) return parsed.epoch;
  } catch {
    // A damaged epoch record is a new epoch of its own: trust nothing learnt before it.
  }
  return `damaged-${Bun.hash(body).toString(16)}`;
}

/** Starts a new epoch: every machine's index of this remote is from now on consulted afresh. */
export async function writeGcEpoch(remote: Remote, nowMs = Date.now()): Promise<string> {
  const epoch = `${nowMs.toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
  const record: GcEpoch = { epoch, atMs: nowMs, by: `${safeUser()}@${hostname()}` };
  await remote.putRecord!(GC_EPOCH_KEY, `${JSON.stringify(record)}\n`);
  return epoch;
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

/** The remote-index key of a remote in an epoch. */
export function epochIndexKey(baseKey: string, epoch: string | undefined): string {
  return epoch === undefined ? baseKey : `${baseKey}#${epoch}`;
}
