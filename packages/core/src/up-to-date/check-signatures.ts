import type { FileSignature } from "./file-signature";
import { signatureHolds } from "./file-signature";

/** The position and path of every signature from `from` on that no longer holds (only the first, with `stopAtFirst`). */
export function changedSignatures(files: readonly FileSignature[], options: { stopAtFirst: boolean; from?: number }): Array<[at: number, path: string]> {
  const changed: Array<[number, string]> = [];
  for (let at = options.from ?? 0; at < files.length; at++) {
    if (signatureHolds(files[at]!)) continue;
    changed.push([at, files[at]![0]]);
    if (options.stopAtFirst) break;
  }
  return changed;
}
