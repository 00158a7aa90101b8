import { writeStdout } from "../ui/std-write";
import type { StageRunStatus } from "../plugin/state-backend";
import type { RunReason } from "./reasons";

export type { StageRunStatus };

export type RunEvent =
  | { type: "run-start"; runId: string; stages: string[]; jobs: number }
  | { type: "stage-start"; stage: string; reason: string; reasons: RunReason[] }
  /** Another pivot process is running the stage: this run waits for it, then judges the stage again. */
  | { type: "stage-wait"; stage: string; pid: number }
  | { type: "stage-output"; stage: string; stream: "stdout" | "stderr"; text: string }
  | {
      type: "stage-end";
      stage: string;
      status: StageRunStatus;
      reason: string;
      reasons: RunReason[];
      durationMs: number;
      error?: string;
      detail?: string;
      /** The stage is frozen: it was not run whatever changed. */
      frozen?: true;
      /** Worth seeing even when the stage did not run (e.g. a frozen stage's edited output was kept). */
      note?: string;
    }
  | {
      type: "run-end";
      runId: string;
      status: "ok" | "failed" | "interrupted";
      counts: Record<StageRunStatus, number>;
      durationMs: number;
      /** Files read and hashed during the run; unchanged files found in the hash cache are not counted. */
      hashedFiles: number;
    };

/** Receives run events (console view, JSON lines, run log, watch mode). */
export interface RunEventSink {
  handle(event: RunEvent): void;
  close?(): void;
}

/** Fans events out to several sinks. */
export class EventBus {
  readonly #sinks: RunEventSink[];

  constructor(sinks: RunEventSink[]) {
    this.#sinks = sinks;
  }

  add(sink: RunEventSink): void {
    this.#sinks.push(sink);
  }

  emit(event: RunEvent): void {
    for (const sink of this.#sinks) sink.handle(event);
  }

  close(): void {
    for (const sink of this.#sinks) sink.close?.();
  }
}

/** `--json`: one JSON object per line on stdout. */
export class JsonLinesSink implements RunEventSink {
  handle(event: RunEvent): void {
    writeStdout(`${JSON.stringify(event)}\n`);
  }
}

export function emptyCounts(): Record<StageRunStatus, number> {
  return { ran: 0, skipped: 0, restored: 0, failed: 0, cancelled: 0, blocked: 0 };
}
