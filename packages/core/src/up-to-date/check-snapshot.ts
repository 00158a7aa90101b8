import { type Stats, statSync } from "node:fs";
import { changedSignatures } from "./check-signatures";
import type { SecondHalfAnswer, SecondHalfRequest } from "./signatures-worker";
import { type FileSignature, signatureHolds, signatureOfStat } from "./file-signature";
import type { SnapshotFile } from "./snapshot-file";
import { type SnapshotInvocation, snapshotKey, snapshotPath } from "./snapshot-key";
import { parseFirstHalf, parseSnapshotText, readSnapshotText } from "./snapshot-text";

/** A snapshot file this large (~25 000 recorded paths) is checked on two threads. */
const SPLIT_ABOVE_BYTES = 2 * 1024 * 1024;

/** A snapshot found to hold: what it says, and how many files and folders it recorded. */
export type HeldSnapshot = Omit<SnapshotFile, "files"> & { recorded: number };

/** What one scan of a snapshot found. */
interface Scan {
  snapshot: Omit<SnapshotFile, "files">;
  recorded: number;
  /**
   * Position and path of each signature that no longer holds: the first one only, unless the scan
   * was asked to list them all; undefined when one in the global zone changed (nothing holds then).
   */
  changed: Array<[at: number, path: string]> | undefined;
}

/**
 * The scan a fast path made with `listChanges`, kept for `snapshotChanges` in the same process
 * while the snapshot file is the one scanned: a command whose snapshot no longer holds as a whole
 * reads and stats it once, not once to find that out and again to find what changed.
 */
let handedOn: { file: string; signature: FileSignature; scan: Scan } | undefined;

/**
 * The snapshot for this invocation when every file it recorded is exactly as it was, i.e. the
 * same command would again find every stage up to date; otherwise undefined (run normally).
 * Reads one JSON file and stats each recorded path; loads nothing else. A large snapshot is
 * checked in two halves at once, the second parsed and checked in a worker (stat is most of the
 * cost, and it scales with the cores). It stops at the first change, unless `listChanges`: then
 * the scan goes on (but for a change every decision reads) and is kept for `snapshotChanges`.
 */
export async function checkSnapshot(invocation: SnapshotInvocation, options: { listChanges?: boolean } = {}): Promise<HeldSnapshot | undefined> {
  const key = snapshotKey(invocation);
  const file = snapshotPath(invocation.projectRoot, key);
  handedOn = undefined;
  const scanned = await scanSnapshot(file, key, options.listChanges === true);
  if (!scanned) return undefined;
  const { scan, signature } = scanned;
  if (scan.changed?.length === 0) return { ...scan.snapshot, recorded: scan.recorded };
  if (options.listChanges) handedOn = { file, signature, scan };
  return undefined;
}

/** What changed since the snapshot was taken: the paths of the stages' zone that no longer hold. */
export interface SnapshotChanges {
  snapshot: Omit<SnapshotFile, "files">;
  changed: string[];
}

/**
 * Every recorded path of the stages' zone whose signature no longer holds (tracked data is left
 * out: it is checked on its own), or undefined when there is no readable snapshot for `key` or a
 * file every decision reads changed. Taken from the fast path's scan when it made one of the same
 * file (see `checkSnapshot`), else scanned now, in two halves at once for a large snapshot.
 */
export async function snapshotChanges(invocation: SnapshotInvocation): Promise<SnapshotChanges | undefined> {
  const key = snapshotKey(invocation);
  const file = snapshotPath(invocation.projectRoot, key);
  const kept = handedOn?.file === file && signatureHolds(handedOn.signature) ? handedOn.scan : undefined;
  handedOn = undefined;
  const scan = kept ?? (await scanSnapshot(file, key, true))?.scan;
  if (!scan?.changed) return undefined;
  return { snapshot: scan.snapshot, changed: scan.changed.filter(([at]) => at < scan.snapshot.zones.stages).map(([, path]) => path) };
}

/**
 * Reads the snapshot at `file` and checks its signatures: up to the first change, or (`all`) every
 * one but after a change in the global zone. With the signature of the file scanned.
 */
async function scanSnapshot(file: string, key: string, all: boolean): Promise<{ scan: Scan; signature: FileSignature } | undefined> {
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch {
    return undefined;
  }
  const helper = stat.size > SPLIT_ABOVE_BYTES && navigator.hardwareConcurrency > 1 ? checkSecondHalf(file, all) : undefined;
  try {
    const read = helper ? readSnapshotText(file, parseFirstHalf) : withFilesApart(readSnapshotFile(file, key));
    if (!read || !validSnapshot(read.snapshot, key) || read.snapshot.zones.global > read.files.length) return undefined;
    const { snapshot, files } = read;
    const global = snapshot.zones.global;
    const done = (changed: Scan["changed"], recorded = files.length) => ({ scan: { snapshot, recorded, changed }, signature: signatureOfStat(file, stat) });
    if (changedSignatures(files.slice(0, global), { stopAtFirst: true }).length > 0) return done(undefined);
    const changed = changedSignatures(files, { stopAtFirst: !all, from: global });
    if (!helper || (!all && changed.length > 0)) return done(changed);
    const second = await helper.checked;
    // Both threads read the file on their own: it must be the same file (snapshots are replaced by rename).
    if (second === undefined || !signatureHolds(signatureOfStat(file, stat))) return undefined;
    for (const [at, path] of second.changed) changed.push([files.length + at, path]);
    return done(changed, files.length + second.checked);
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

/** Starts a worker checking the second half of the snapshot's signatures (see signatures-worker.ts). */
function checkSecondHalf(file: string, all: boolean): { checked: Promise<SecondHalfAnswer | undefined>; stop(): void } {
  const worker = new Worker(new URL("./signatures-worker.ts", import.meta.url));
  const checked = new Promise<SecondHalfAnswer | undefined>((resolve) => {
    worker.onmessage = (event: MessageEvent<SecondHalfAnswer | null>) => resolve(event.data ?? undefined);
    worker.onerror = () => resolve(undefined);
  });
  worker.postMessage({ file, all } satisfies SecondHalfRequest);
  return { checked, stop: () => worker.terminate() };
}

function withFilesApart(snapshot: SnapshotFile | undefined): { snapshot: Omit<SnapshotFile, "files">; files: FileSignature[] } | undefined {
  if (!snapshot) return undefined;
  const { files, ...rest } = snapshot;
  return { snapshot: rest, files };
}
