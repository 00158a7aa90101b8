import { writeSync } from "node:fs";

const closed = new Set<number>();

/**
 * Writes all of `text` to fd 1 or 2 before returning. `process.stdout.write` is asynchronous on
 * pipes, and the CLI ends with `process.exit`: output still queued then would be cut (a piped
 * `pivot list --json` lost everything past 64 KiB). A closed reader (`pivot list | head`) is not an
 * error: later writes to it are dropped.
 */
function writeAll(fd: 1 | 2, text: string): void {
  if (closed.has(fd)) return;
  let buffer = Buffer.from(text);
  while (buffer.length > 0) {
    try {
      buffer = buffer.subarray(writeSync(fd, buffer));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") {
        Bun.sleepSync(1);
        continue;
      }
      if (code === "EPIPE") {
        closed.add(fd);
        return;
      }
      throw error;
    }
  }
}

/** stderr text held back while a run prints (see holdStderr). */
let held: string[] | undefined;
let heldTimer: ReturnType<typeof setTimeout> | undefined;
/** How long held stderr text may wait: a terminal redraws no faster than the eye reads. */
const HOLD_MS = 50;

function flushHeld(): void {
  if (heldTimer) clearTimeout(heldTimer);
  heldTimer = undefined;
  if (!held || held.length === 0) return;
  const text = held.join("");
  held.length = 0;
  writeAll(2, text);
}

/**
 * Batches stderr writes (a run's two lines per stage) into one write at most every 50 ms, as
 * cargo and turbo do: thousands of small writes to a terminal cost more than the stages they
 * report. Stdout writes flush what is held first, so the two streams keep their order; the
 * returned release, and the process exiting, flush the rest.
 */
export function holdStderr(): () => void {
  if (held) return () => undefined;
  held = [];
  process.once("exit", flushHeld);
  return () => {
    flushHeld();
    held = undefined;
    process.off("exit", flushHeld);
  };
}

export function writeStdout(text: string): void {
  flushHeld();
  writeAll(1, text);
}

export function writeStderr(text: string): void {
  if (!held) return writeAll(2, text);
  held.push(text);
  heldTimer ??= setTimeout(flushHeld, HOLD_MS);
}
