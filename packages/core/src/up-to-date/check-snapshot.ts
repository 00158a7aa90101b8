import { readFileSync } from "node:fs";
import { signatureHolds } from "./file-signature";
import type { SnapshotFile } from "./snapshot-file";
import { type SnapshotInvocation, snapshotKey, snapshotPath } from "./snapshot-key";

/**
 * The snapshot for this invocation when every file it recorded is exactly as it was, i.e. the
 * same command would again find every stage up to date; otherwise undefined (run normally).
 * Reads one small JSON file and stats each recorded path; loads nothing else.
 */
export function checkSnapshot(invocation: SnapshotInvocation): SnapshotFile | undefined {
  const key = snapshotKey(invocation);
  let snapshot: SnapshotFile;
  try {
    snapshot = JSON.parse(readFileSync(snapshotPath(invocation.projectRoot, key), "utf8")) as SnapshotFile;
  } catch {
    return undefined;
  }
  if (snapshot.key !== key || !Array.isArray(snapshot.files) || !Array.isArray(snapshot.stages)) return undefined;
  for (const file of snapshot.files) if (!signatureHolds(file)) return undefined;
  return snapshot;
}
