import type { StageRunStatus } from "@pivot/core/internal";

/** What the page learns from a run log: the same start/end/output events `repro --json` emits. */
export type LiveEvent =
  | { type: "stage-start"; stage: string; reason: string }
  | { type: "stage-end"; stage: string; status: StageRunStatus; durationMs: number; error?: string }
  | { type: "stage-output"; stage: string; stream: "stdout" | "stderr"; text: string };

const STATUSES = "ran|skipped|restored|failed|cancelled|blocked";
const START = /^--- (.+?): start \((.*)\)$/;
const END = new RegExp(`^--- (.+?): (${STATUSES})(?: — ([\\s\\S]*))? \\((\\d+)ms\\)$`);
const END_OPEN = new RegExp(`^--- (.+?): (${STATUSES}) — `);
const OUTPUT = /^\[(.+?)\] (! )?(.*)$/;

/**
 * Turns the lines of `.pivot/runs/<runId>.log` (engine/run-log.ts: `--- stage: start (reason)`,
 * `--- stage: failed — error (12ms)`, `[stage] output`) back into events. Feed it whole lines in
 * order; an error message spanning several lines is held until its `(Nms)` end arrives.
 */
export class RunLogParser {
  #pending: string | undefined;

  line(text: string): LiveEvent | undefined {
    if (this.#pending !== undefined) {
      const joined = `${this.#pending}\n${text}`;
      const end = END.exec(joined);
      if (end) {
        this.#pending = undefined;
        return endEvent(end);
      }
      this.#pending = joined.length > 64 * 1024 ? undefined : joined;
      return undefined;
    }
    const start = START.exec(text);
    if (start) return { type: "stage-start", stage: start[1]!, reason: start[2]! };
    const end = END.exec(text);
    if (end) return endEvent(end);
    if (END_OPEN.test(text)) {
      this.#pending = text;
      return undefined;
    }
    const output = OUTPUT.exec(text);
    if (output) return { type: "stage-output", stage: output[1]!, stream: output[2] ? "stderr" : "stdout", text: output[3]! };
    return undefined;
  }
}

function endEvent(match: RegExpExecArray): LiveEvent {
  return {
    type: "stage-end",
    stage: match[1]!,
    status: match[2] as StageRunStatus,
    durationMs: Number(match[4]),
    ...(match[3] !== undefined ? { error: match[3] } : {}),
  };
}
