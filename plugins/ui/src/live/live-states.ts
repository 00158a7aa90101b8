import type { StageStatus, StatesReport } from "../state/stage-states";
import type { LiveEvent } from "./parse-run-log";

/** What a stage's state becomes when a run reports it. Undefined: the event changes nothing. */
export function statusAfter(event: LiveEvent, before: StageStatus | undefined): StageStatus | undefined {
  if (event.type === "stage-start") return { id: event.stage, state: "running", reason: `running: ${event.reason}`, details: [event.reason] };
  if (event.type !== "stage-end") return undefined;
  const took = `${event.durationMs}ms`;
  switch (event.status) {
    case "ran":
      return { id: event.stage, state: "up-to-date", reason: `ran just now (${took})`, details: [] };
    case "restored":
      return { id: event.stage, state: "restored", reason: "outputs restored from the cache just now", details: [] };
    case "failed":
      return { id: event.stage, state: "failed", reason: event.error ?? "failed", details: [event.error ?? "failed"] };
    case "blocked":
    case "cancelled":
      return { id: event.stage, state: "stale", reason: event.error ?? `not run (${event.status})`, details: before?.details ?? [] };
    default:
      return before?.state === "running" ? { ...before, state: "up-to-date", reason: "unchanged" } : undefined;
  }
}

/** The states the page shows: the last full answer, with what runs reported since laid over it. */
export class LiveStates {
  #stages = new Map<string, StageStatus>();
  source: StatesReport["source"] | "pending" = "pending";
  checkedAtMs = 0;

  replace(report: StatesReport): void {
    this.#stages = new Map(report.stages.map((s) => [s.id, s]));
    this.source = report.source;
    this.checkedAtMs = report.checkedAtMs;
  }

  /** Applies a run event; returns the stage's new status when it changed. */
  apply(event: LiveEvent): StageStatus | undefined {
    if (event.type === "stage-output") return undefined;
    const next = statusAfter(event, this.#stages.get(event.stage));
    if (next) this.#stages.set(event.stage, next);
    return next;
  }

  running(): string[] {
    return [...this.#stages.values()].filter((s) => s.state === "running").map((s) => s.id);
  }

  report(): { source: string; checkedAtMs: number; stages: StageStatus[] } {
    return { source: this.source, checkedAtMs: this.checkedAtMs, stages: [...this.#stages.values()] };
  }
}
