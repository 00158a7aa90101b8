/** The state of one tracked path, as `pivot status` reports it (no file-system access here). */

export type TrackedState = "clean" | "modified" | "missing" | "invalid";

export interface TrackedStatus {
  trackingFile: string;
  /** The tracked data (project path). */
  path: string;
  state: TrackedState;
  /** Hash recorded in the tracking file. */
  hash?: string;
  /** Hash of the data now, when it differs. */
  current?: string;
  /** Why the tracking file is invalid or the data cannot be hashed. */
  problem?: string;
  /** Missing, but accepted: its object is available (`--allow-missing`). */
  available?: true;
}

/** True when a tracked path is changed, missing (and not accepted as available) or broken. */
export function trackedChanged(entry: TrackedStatus): boolean {
  return entry.state !== "clean" && !(entry.state === "missing" && entry.available);
}
