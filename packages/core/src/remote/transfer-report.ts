import { CHECKOUT_PROBLEMS, type DataCheckoutReport } from "../outputs/checkout";
import type { ExistenceMethod } from "./find-on-remote";
import type { TransferFailure } from "./transfer-pool";

export type TransferAction = "push" | "fetch" | "pull";

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
  checks: {
    /** Objects the remote index vouched for (no request). */
    indexed: number;
    /** Objects asked about. */
    checked: number;
    method: ExistenceMethod;
    /** Indexed objects found gone from the remote (`--verify-remote`). */
    forgotten: number;
    /** Objects found on the remote with the wrong size (re-uploaded). */
    damaged: number;
    /** `--verify-remote`: objects downloaded and re-hashed. */
    verified: number;
    /** `--verify-remote`: objects whose remote content did not match their hash (re-uploaded). */
    corrupt: number;
  };
  /**
   * Run-cache entries moved and already there; push: records the remote holds with other outputs
   * (left as they are: records are written once); fetch/pull: records refused (corrupt, unsigned
   * or badly signed on a `trust: signed` remote).
   */
  runCache: { transferred: number; present: number; conflicts: RecordProblem[]; rejected: RecordProblem[] };
  failures: TransferFailure[];
  /** Set when the transfer stopped early because the remote became unreachable or refused us. */
  stopped?: { reason: string; notStarted: number };
  /** Pull: what placing the outputs in the workspace did. */
  checkout?: DataCheckoutReport;
  /** Named things with nothing to transfer (no lock yet, not cached), in words. */
  notes: string[];
  durationMs: number;
}

/** A run-cache record push left alone or fetch refused, and why. */
export interface RecordProblem {
  /** Stage id. */
  stage: string;
  /** Record key on the remote. */
  key: string;
  reason: string;
}

export function emptyReport(action: TransferAction, remote: { name: string; url: string }, dryRun: boolean): TransferReport {
  return {
    action,
    remote,
    dryRun,
    objects: { total: 0, transferred: 0, present: 0, failed: 0, bytes: 0 },
    checks: { indexed: 0, checked: 0, method: "none", forgotten: 0, damaged: 0, verified: 0, corrupt: 0 },
    runCache: { transferred: 0, present: 0, conflicts: [], rejected: [] },
    failures: [],
    notes: [],
    durationMs: 0,
  };
}

/** True when the transfer did everything it was asked to. */
export function transferSucceeded(report: TransferReport): boolean {
  const checkoutOk = !report.checkout || report.checkout.entries.every((e) => !CHECKOUT_PROBLEMS.has(e.outcome));
  return report.failures.length === 0 && !report.stopped && checkoutOk;
}
