import type { FileSignature } from "./file-signature";
import { signatureHolds } from "./file-signature";

/** Whether every signature still holds; stops at the first that does not. */
export function signaturesHold(files: readonly FileSignature[]): boolean {
  for (const file of files) if (!signatureHolds(file)) return false;
  return true;
}
