import { closeSync, openSync, readSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { type LiveEvent, RunLogParser } from "./parse-run-log";

interface Followed {
  offset: number;
  rest: string;
  parser: RunLogParser;
  /** Last time the file grew (ms since the epoch); files quiet for long are no longer stat'ed. */
  activeAtMs: number;
}

/** A file not grown for this long belongs to a finished run. */
const QUIET_AFTER_MS = 60_000;
const READ_CHUNK = 256 * 1024;

/**
 * Follows the run logs `repro` writes to `<root>/.pivot/runs/` by reading what was appended
 * since the last `poll()`: no lock, no socket, nothing asked of the running `repro`. Logs that
 * existed before are skipped, except ones written in the last minute (a run already under way).
 */
export class RunLogTail {
  readonly dir: string;
  readonly #files = new Map<string, Followed | null>();

  constructor(projectRoot: string, nowMs = Date.now()) {
    this.dir = join(projectRoot, ".pivot", "runs");
    for (const name of this.#logNames()) {
      const stat = statSync(join(this.dir, name), { throwIfNoEntry: false });
      if (!stat) continue;
      const recent = nowMs - stat.mtimeMs < QUIET_AFTER_MS;
      this.#files.set(name, recent ? { offset: 0, rest: "", parser: new RunLogParser(), activeAtMs: stat.mtimeMs } : null);
    }
  }

  /** Events appended to any run log since the last call, in file order. */
  poll(nowMs = Date.now()): LiveEvent[] {
    const events: LiveEvent[] = [];
    for (const name of this.#logNames()) {
      let followed = this.#files.get(name);
      if (followed === null) continue;
      if (followed === undefined) {
        followed = { offset: 0, rest: "", parser: new RunLogParser(), activeAtMs: nowMs };
        this.#files.set(name, followed);
      }
      if (nowMs - followed.activeAtMs > QUIET_AFTER_MS) {
        this.#files.set(name, null);
        continue;
      }
      this.#read(join(this.dir, name), followed, events, nowMs);
    }
    return events;
  }

  #logNames(): string[] {
    try {
      return readdirSync(this.dir).filter((name) => name.endsWith(".log")).sort();
    } catch {
      return [];
    }
  }

  #read(file: string, followed: Followed, events: LiveEvent[], nowMs: number): void {
    const size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
    if (size <= followed.offset) return;
    const fd = openSync(file, "r");
    try {
      const buffer = Buffer.alloc(Math.min(READ_CHUNK, size - followed.offset));
      while (followed.offset < size) {
        const read = readSync(fd, buffer, 0, Math.min(buffer.length, size - followed.offset), followed.offset);
        if (read <= 0) break;
        followed.offset += read;
        const text = followed.rest + buffer.toString("utf8", 0, read);
        const lines = text.split("\n");
        followed.rest = lines.pop() ?? "";
        for (const line of lines) {
          const event = followed.parser.line(line);
          if (event) events.push(event);
        }
      }
      followed.activeAtMs = nowMs;
    } finally {
      closeSync(fd);
    }
  }
}
