import { writeStderr } from "../ui/std-write";
import { bold, cyan, dim, gray, green, red, yellow } from "../ui/colors";
import { isQuiet, isVerbose } from "../ui/output";
import type { RunEvent, RunEventSink } from "./events";

/** Seconds with one decimal, or ms under one second. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;
}

const TAIL_LINES = 20;

/**
 * The human view of a run on stderr: a line when a stage starts and when it ends (with its
 * duration), skipped stages only with --verbose, the tail of a failed stage's output, and a
 * summary line.
 */
export class ConsoleSink implements RunEventSink {
  readonly #showOutput: boolean;
  readonly #tails = new Map<string, string[]>();

  constructor(options: { showOutput?: boolean } = {}) {
    this.#showOutput = options.showOutput ?? false;
  }

  #write(line: string): void {
    if (!isQuiet()) writeStderr(`${line}\n`);
  }

  handle(event: RunEvent): void {
    switch (event.type) {
      case "stage-start":
        this.#write(`${cyan("▶")} ${bold(event.stage)} ${dim(event.reason)}`);
        return;
      case "stage-wait":
        this.#write(`${yellow("⧗")} ${bold(event.stage)} ${dim(`is running in another pivot process (pid ${event.pid}); waiting for it`)}`);
        return;
      case "stage-output": {
        if (this.#showOutput) this.#write(`  ${gray(`${event.stage} │`)} ${event.text}`);
        const tail = this.#tails.get(event.stage) ?? [];
        tail.push(event.text);
        if (tail.length > TAIL_LINES) tail.shift();
        this.#tails.set(event.stage, tail);
        return;
      }
      case "stage-end":
        this.#stageEnd(event);
        return;
      case "run-end": {
        const c = event.counts;
        const parts = [
          `${c.ran} ran`,
          `${c.skipped} skipped`,
          ...(c.restored ? [`${c.restored} restored`] : []),
          ...(c.failed ? [red(`${c.failed} failed`)] : []),
          ...(c.blocked ? [`${c.blocked} not run (upstream failed)`] : []),
          ...(c.cancelled ? [`${c.cancelled} cancelled`] : []),
        ];
        const status = event.status === "ok" ? green("✔") : event.status === "interrupted" ? yellow("⏹") : red("✖");
        this.#write(`${status} ${parts.join(", ")} in ${formatDuration(event.durationMs)}`);
        return;
      }
      default:
        return;
    }
  }

  #stageEnd(event: Extract<RunEvent, { type: "stage-end" }>): void {
    const name = bold(event.stage);
    const took = dim(formatDuration(event.durationMs));
    switch (event.status) {
      case "ran":
        this.#write(`${green("✔")} ${name} ${took}`);
        if (event.note) this.#write(`  ${yellow("!")} ${event.note}`);
        break;
      case "skipped":
        if (event.note) this.#write(`${event.frozen ? cyan("❄") : yellow("!")} ${name} ${dim(event.reason)}: ${event.note}`);
        else if (isVerbose()) this.#write(`${event.frozen ? cyan("❄") : gray("·")} ${name} ${dim(event.reason)}`);
        break;
      case "restored":
        this.#write(`${cyan("↺")} ${name} ${dim(event.reason)}`);
        break;
      case "failed": {
        this.#write(`${red("✖")} ${name} ${event.error ?? "failed"} ${took}`);
        if (event.detail) this.#write(dim(`  ${event.detail}`));
        const tail = this.#tails.get(event.stage);
        if (tail && !this.#showOutput) for (const line of tail) this.#write(`  ${gray("│")} ${line}`);
        break;
      }
      case "blocked":
        this.#write(`${yellow("⊘")} ${name} ${dim(event.reason)}`);
        break;
      case "cancelled":
        if (isVerbose()) this.#write(`${gray("⊘")} ${name} ${dim(event.reason)}`);
        break;
    }
    this.#tails.delete(event.stage);
  }
}
