import type { FileSignature } from "./file-signature";
import { signatureHolds } from "./file-signature";

/** Whether every signature in `files[from, to)` still holds; stops at the first that does not. */
export function signaturesHold(files: readonly FileSignature[], from = 0, to = files.length): boolean {
  for (let i = from; i < to; i++) if (!signatureHolds(files[i]!)) return false;
  return true;
}
