import type { ExistenceMethod } from "./find-on-remote";
import type { TransferFailure } from "./transfer-pool";

export type TransferAction = "push" | "fetch" | "pull";

/** What the remote's workspace placement did (pull). */
export interface CheckoutReport {
  /** Outputs (or files inside directory outputs) written into the workspace. */
  placed: string[];
  /** Already up to date. */
  unchanged: string[];
  /** Present with other content and left alone (no --force). */
  modified: string[];
  /** Not placed because an object is still missing from the cache. */
  unavailable: string[];
}

/** The outcome of push / fetch / pull, rendered by the commands or printed with --json. */
export interface TransferReport {
  action: TransferAction;
  remote: { name: string; url: string };
  dryRun: boolean;
  objects: {
    /** Objects the targets need. */
    total: number;
    /** Moved (or, in a dry run, that would be moved). */
    transferred: number;
    /** Already where they need to be. */
    present: number;
    failed: number;
    /** Bytes moved (or that would be). */
    bytes: number;
  };
  /** How presence on the remote was established. */
  checks: { indexed: number; checked: number; method: ExistenceMethod; forgotten: number };
  /** Run-cache entries moved and already there. */
  runCache: { transferred: number; present: number };
  failures: TransferFailure[];
  /** Set when the transfer stopped early because the remote became unreachable or refused us. */
  stopped?: { reason: string; notStarted: number };
  checkout?: CheckoutReport;
  durationMs: number;
}

export function emptyReport(action: TransferAction, remote: { name: string; url: string }, dryRun: boolean): TransferReport {
  return {
    action,
    remote,
    dryRun,
    objects: { total: 0, transferred: 0, present: 0, failed: 0, bytes: 0 },
    checks: { indexed: 0, checked: 0, method: "none", forgotten: 0 },
    runCache: { transferred: 0, present: 0 },
    failures: [],
    durationMs: 0,
  };
}

/** True when the transfer did everything it was asked to. */
export function transferSucceeded(report: TransferReport): boolean {
  const checkout = report.checkout;
  return report.failures.length === 0 && !report.stopped && (!checkout || (checkout.modified.length === 0 && checkout.unavailable.length === 0));
}
