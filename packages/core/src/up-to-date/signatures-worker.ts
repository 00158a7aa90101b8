// Parses and checks the second half of a large up-to-date snapshot's signatures on another core (see check-snapshot.ts).
import { changedSignatures } from "./check-signatures";
import { parseSecondHalf, readSnapshotText } from "./snapshot-text";

declare const self: Worker;

/** The second half to check: up to its first change, or every signature (`all`). */
export interface SecondHalfRequest {
  file: string;
  all: boolean;
}

/** How many signatures the worker checked, and the position (within the half) and path of each that no longer holds. */
export interface SecondHalfAnswer {
  checked: number;
  changed: Array<[at: number, path: string]>;
}

/** Answers a SecondHalfAnswer, or null when the file is not a snapshot. */
self.onmessage = (event: MessageEvent<SecondHalfRequest>) => {
  const files = readSnapshotText(event.data.file, parseSecondHalf);
  if (files === undefined) self.postMessage(null);
  else self.postMessage({ checked: files.length, changed: changedSignatures(files, { stopAtFirst: !event.data.all }) } satisfies SecondHalfAnswer);
};
