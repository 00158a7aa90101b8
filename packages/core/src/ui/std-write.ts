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

export function writeStdout(text: string): void {
  writeAll(1, text);
}

export function writeStderr(text: string): void {
  writeAll(2, text);
}
