import { type Stats, statSync } from "node:fs";
import { signaturesHold } from "./check-signatures";
import { signatureHolds, signatureOfStat } from "./file-signature";
import type { SnapshotFile } from "./snapshot-file";
import { type SnapshotInvocation, snapshotKey, snapshotPath } from "./snapshot-key";
import { parseFirstHalf, parseSnapshotText, readSnapshotText } from "./snapshot-text";

/** A snapshot file this large (~25 000 recorded paths) is checked on two threads. */
const SPLIT_ABOVE_BYTES = 2 * 1024 * 1024;

/** A snapshot found to hold: what it says, and how many files and folders it recorded. */
export type HeldSnapshot = Omit<SnapshotFile, "files"> & { recorded: number };

/**
 * The snapshot for this invocation when every file it recorded is exactly as it was, i.e. the
 * same command would again find every stage up to date; otherwise undefined (run normally).
 * Reads one JSON file and stats each recorded path; loads nothing else. A large snapshot is
 * checked in two halves at once, the second parsed and checked in a worker (stat is most of the
 * cost, and it scales with the cores).
 */
export async function checkSnapshot(invocation: SnapshotInvocation): Promise<HeldSnapshot | undefined> {
  const key = snapshotKey(invocation);
  const file = snapshotPath(invocation.projectRoot, key);
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch {
    return undefined;
  }
  const helper = stat.size > SPLIT_ABOVE_BYTES && navigator.hardwareConcurrency > 1 ? checkSecondHalf(file) : undefined;
  try {
    if (!helper) {
      const snapshot = readSnapshotFile(file, key);
      if (!snapshot || !signaturesHold(snapshot.files)) return undefined;
      const { files, ...held } = snapshot;
      return { ...held, recorded: files.length };
    }
    const first = readSnapshotText(file, parseFirstHalf);
    if (!first || !validSnapshot(first.snapshot, key) || !signaturesHold(first.files)) return undefined;
    const checkedByHelper = await helper.checked;
    // Both threads read the file on their own: it must be the same file (snapshots are replaced by rename).
    if (checkedByHelper === undefined || !signatureHolds(signatureOfStat(file, stat))) return undefined;
    return { ...first.snapshot, recorded: first.files.length + checkedByHelper };
  } finally {
    helper?.stop();
  }
}

/** The snapshot at `file` if it is readable and answers for `key`. */
export function readSnapshotFile(file: string, key: string): SnapshotFile | undefined {
  const snapshot = readSnapshotText(file, parseSnapshotText);
  return snapshot && validSnapshot(snapshot, key) ? snapshot : undefined;
}

function validSnapshot(snapshot: Omit<SnapshotFile, "files">, key: string): boolean {
  return snapshot.key === key && Array.isArray(snapshot.stages) && typeof snapshot.zones?.global === "number";
}

/** Starts a worker checking the second half of the snapshot's signatures: how many it checked, undefined if one does not hold. */
function checkSecondHalf(file: string): { checked: Promise<number | undefined>; stop(): void } {
  const worker = new Worker(new URL("./signatures-worker.ts", import.meta.url));
  const checked = new Promise<number | undefined>((resolve) => {
    worker.onmessage = (event: MessageEvent<number | null>) => resolve(typeof event.data === "number" ? event.data : undefined);
    worker.onerror = () => resolve(undefined);
  });
  worker.postMessage({ file });
  return { checked, stop: () => worker.terminate() };
}
