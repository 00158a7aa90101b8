import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { RunEvent, RunEventSink } from "./events";

/**
 * Keeps every stage's output of a run in `<root>/.pivot/runs/<runId>.log`. Stages that were
 * skipped are left out (the run history lists them), so a run with nothing to do writes no log.
 */
export class RunLogSink implements RunEventSink {
  readonly file: string;
  #fd: number | undefined;

  constructor(projectRoot: string, runId: string) {
    const dir = join(projectRoot, ".pivot", "runs");
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, `${runId}.log`);
  }

  handle(event: RunEvent): void {
    let line: string | undefined;
    if (event.type === "stage-output") line = `[${event.stage}] ${event.stream === "stderr" ? "! " : ""}${event.text}`;
    else if (event.type === "stage-start") line = `--- ${event.stage}: start (${event.reason})`;
    else if (event.type === "stage-end" && event.status !== "skipped") line = `--- ${event.stage}: ${event.status}${event.error ? ` — ${event.error}` : ""} (${event.durationMs}ms)`;
    if (line === undefined) return;
    this.#fd ??= openSync(this.file, "a");
    writeSync(this.#fd, `${line}\n`);
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
