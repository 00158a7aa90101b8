// Checks the second half of a large up-to-date snapshot's signatures on another core (see check-snapshot.ts).
import { readFileSync } from "node:fs";
import { signaturesHold } from "./check-signatures";
import type { SnapshotFile } from "./snapshot-file";

declare const self: Worker;

self.onmessage = (event: MessageEvent<{ file: string }>) => {
  let holds = false;
  try {
    const { files } = JSON.parse(readFileSync(event.data.file, "utf8")) as SnapshotFile;
    holds = Array.isArray(files) && signaturesHold(files, secondHalfStart(files.length));
  } catch {
    holds = false;
  }
  self.postMessage(holds);
};

/** Where the worker's half begins (the main thread checks the first half). */
function secondHalfStart(length: number): number {
  return Math.ceil(length / 2);
}
