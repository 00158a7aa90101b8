import type { FileSignature } from "./file-signature";

/** What `.pivot/tmp/up-to-date/<key>.json` holds. */
export interface SnapshotFile {
  key: string;
  /** Ids of the stages found up to date, in run order. */
  stages: string[];
  /** Every file and folder the decision read (unchanged since before the check started). */
  files: FileSignature[];
  /**
   * Where the kinds of recorded files end: `files[0, global)` are read by every stage's decision
   * (config, pipeline files, where pipelines are looked for); `[global, stages)` by particular
   * stages (lock, params, deps, outputs); the rest by the tracked-data check only.
   */
  zones: { global: number; stages: number };
  /** `status` without targets: the tracked paths, all unchanged (their tracking files, data and the folders searched are in `files`). */
  tracked?: string[];
}
