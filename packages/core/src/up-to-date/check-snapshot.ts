import { readFileSync, statSync } from "node:fs";
import { signaturesHold } from "./check-signatures";
import type { SnapshotFile } from "./snapshot-file";
import { type SnapshotInvocation, snapshotKey, snapshotPath } from "./snapshot-key";

/** A snapshot file this large (~25 000 recorded paths) is checked on two threads. */
const SPLIT_ABOVE_BYTES = 2 * 1024 * 1024;

/**
 * The snapshot for this invocation when every file it recorded is exactly as it was, i.e. the
 * same command would again find every stage up to date; otherwise undefined (run normally).
 * Reads one JSON file and stats each recorded path; loads nothing else. A large snapshot is
 * checked in two halves at once, the second in a worker (stat is most of the cost, and it scales
 * with the cores).
 */
export async function checkSnapshot(invocation: SnapshotInvocation): Promise<SnapshotFile | undefined> {
  const key = snapshotKey(invocation);
  const file = snapshotPath(invocation.projectRoot, key);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return undefined;
  }
  const helper = size > SPLIT_ABOVE_BYTES && navigator.hardwareConcurrency > 1 ? checkSecondHalf(file) : undefined;
  try {
    const snapshot = readSnapshotFile(file, key);
    if (!snapshot) return undefined;
    const { files } = snapshot;
    if (!helper) return signaturesHold(files) ? snapshot : undefined;
    if (!signaturesHold(files, 0, Math.ceil(files.length / 2))) return undefined;
    return (await helper.holds) ? snapshot : undefined;
  } finally {
    helper?.stop();
  }
}

/** The snapshot at `file` if it is readable and answers for `key`. */
export function readSnapshotFile(file: string, key: string): SnapshotFile | undefined {
  let snapshot: SnapshotFile;
  try {
    snapshot = JSON.parse(readFileSync(file, "utf8")) as SnapshotFile;
  } catch {
    return undefined;
  }
  const valid = snapshot.key === key && Array.isArray(snapshot.files) && Array.isArray(snapshot.stages) && typeof snapshot.zones?.global === "number";
  return valid ? snapshot : undefined;
}

/** Starts a worker checking the second half of the snapshot's signatures. */
function checkSecondHalf(file: string): { holds: Promise<boolean>; stop(): void } {
  const worker = new Worker(new URL("./signatures-worker.ts", import.meta.url));
  const holds = new Promise<boolean>((resolve) => {
    worker.onmessage = (event: MessageEvent<boolean>) => resolve(event.data === true);
    worker.onerror = () => resolve(false);
  });
  worker.postMessage({ file });
  return { holds, stop: () => worker.terminate() };
}
