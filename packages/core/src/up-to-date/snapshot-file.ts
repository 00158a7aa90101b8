import type { FileSignature } from "./file-signature";

/** What `.pivot/tmp/up-to-date/<key>.json` holds. */
export interface SnapshotFile {
  key: string;
  /** Ids of the stages found up to date, in run order. */
  stages: string[];
  /** Every file and folder the decision read (unchanged since before the check started). */
  files: FileSignature[];
  /** `status` without targets: the tracked paths, all unchanged (their tracking files, data and the folders searched are in `files`). */
  tracked?: string[];
}
