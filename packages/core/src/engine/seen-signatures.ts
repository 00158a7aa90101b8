import type { LockIndex } from "../lock/lock-index";
import { signatureOfCacheStat } from "../up-to-date/file-signature";
import type { SeenSignature } from "../up-to-date/record-snapshot";
import type { PathHasher } from "./path-hasher";

/** Signatures of what a check stat'ed: deps and outputs through its hasher, lock files through its lock index. */
export function seenBy(hasher: PathHasher, locks: LockIndex): SeenSignature {
  return (absPath) => {
    const stat = hasher.lastStat(absPath);
    return stat === undefined ? locks.seen(absPath) : signatureOfCacheStat(absPath, stat);
  };
}
