import type { LockedOut } from "../lock/lock-data";
import type { Stage } from "../model/pipeline";

/**
 * Where a run may fetch what it would otherwise recompute (`repro --pull`). Calls never throw: what
 * cannot be fetched is simply not there, and the stage runs (a frozen one fails) as without it.
 */
export interface OutputSupply {
  /** The remote's name, for messages ("pulled from origin"). */
  readonly remoteName: string;
  /** Brings these recorded outputs' objects into the local cache; true when all of them are there now. */
  fetchOutputs(stage: Stage, outs: readonly LockedOut[]): Promise<boolean>;
  /**
   * Brings the remote's run-cache record of these inputs into the stage's state store. `found`
   * when it did; otherwise `skipped` says why a record there was not used (refused as corrupt or
   * unsigned, the remote not answering), and is absent when the remote simply has none.
   */
  fetchRunRecord(stage: Stage, inputHash: string): Promise<RunRecordFetch>;
}

export type RunRecordFetch = { found: true } | { found: false; skipped?: string };
