import { type Stats, utimesSync } from "node:fs";

/**
 * Sealing: every file object gets a fixed modification time (1 s after the epoch, as in the Nix
 * store) when it enters the cache. Permission bits (0o444) stop an ordinary user from writing to an
 * object through a hardlinked or symlinked workspace output, but not root (or anyone with
 * CAP_DAC_OVERRIDE). Any write does move the mtime, though, so one `stat` tells whether an object may
 * have been altered since it was stored: such an object is never reused as is (adding the same
 * content again replaces it), and verification re-hashes it.
 */
export const SEALED_MTIME_S = 1;

/** Gives a freshly written object (still a temp file we own) the sealed modification time. */
export function sealObjectTime(absPath: string): void {
  utimesSync(absPath, SEALED_MTIME_S, SEALED_MTIME_S);
}

/** True when a stat shows the sealed mtime, i.e. nothing wrote to the object after it was stored. */
export function isSealed(stat: Pick<Stats, "mtimeMs">): boolean {
  return Math.floor(stat.mtimeMs / 1000) === SEALED_MTIME_S;
}
