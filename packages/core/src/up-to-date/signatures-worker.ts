// Parses and checks the second half of a large up-to-date snapshot's signatures on another core (see check-snapshot.ts).
import { signaturesHold } from "./check-signatures";
import { parseSecondHalf, readSnapshotText } from "./snapshot-text";

declare const self: Worker;

/** Answers how many signatures it checked, or null when one does not hold (or the file is not a snapshot). */
self.onmessage = (event: MessageEvent<{ file: string }>) => {
  const files = readSnapshotText(event.data.file, parseSecondHalf);
  self.postMessage(files !== undefined && signaturesHold(files) ? files.length : null);
};
