import type { Subprocess } from "bun";
import { PIVOT_BIN } from "./project";

/** One JSON line of `pivot repro --watch --json`. */
export type WatchLine = { type: string; [key: string]: unknown };

/**
 * A running `pivot repro --watch --json`, read line by line. `next` waits for the next event
 * matching a predicate after the ones already consumed, so a test reads the stream in order.
 */
export interface WatchProcess {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  /** Every event so far. */
  events: WatchLine[];
  next(match: (event: WatchLine) => boolean, what: string, timeoutMs?: number): Promise<WatchLine>;
  /** Events of `type` not yet consumed by `next`. */
  unread(type?: string): WatchLine[];
  stderr(): string;
  /** Waits until stderr contains `text`. */
  stderrContains(text: string, timeoutMs?: number): Promise<void>;
  /** Sends a signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number>;
}

/** Generous: the machine running the tests is shared and loaded. */
export const EVENT_TIMEOUT_MS = 30_000;

export const isType = (type: string) => (event: WatchLine) => event.type === type;

/** Starts `pivot repro --watch --json [args]` in `cwd` (`json: false`: the human view, read with `stderr()`). */
export function startWatch(cwd: string, args: string[] = [], options: { json?: boolean } = {}): WatchProcess {
  const proc = Bun.spawn(["bun", PIVOT_BIN, "repro", "--watch", ...(options.json === false ? [] : ["--json"]), ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1" },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const events: WatchLine[] = [];
  let cursor = 0;
  let wake: (() => void) | undefined;
  let closed = false;
  let errText = "";
  void (async () => {
    const decoder = new TextDecoder();
    let buffered = "";
    for await (const chunk of proc.stdout) {
      buffered += decoder.decode(chunk, { stream: true });
      for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (line !== "") events.push(JSON.parse(line) as WatchLine);
      }
      wake?.();
    }
    closed = true;
    wake?.();
  })();
  void (async () => {
    for await (const chunk of proc.stderr) errText += new TextDecoder().decode(chunk);
  })();

  return {
    proc,
    events,
    async next(match, what, timeoutMs = EVENT_TIMEOUT_MS) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (cursor < events.length) {
          const event = events[cursor++]!;
          if (match(event)) return event;
        }
        if (closed) throw new Error(`watch process ended before ${what}; stderr:\n${errText}\nevents:\n${events.map((e) => JSON.stringify(e)).join("\n")}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out waiting for ${what}; stderr:\n${errText}\nevents:\n${events.map((e) => JSON.stringify(e)).join("\n")}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    },
    unread: (type) => events.slice(cursor).filter((event) => type === undefined || event.type === type),
    stderr: () => errText,
    async stderrContains(text, timeoutMs = EVENT_TIMEOUT_MS) {
      const deadline = Date.now() + timeoutMs;
      while (!errText.includes(text)) {
        if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`stderr never showed ${JSON.stringify(text)}:\n${errText}`);
        await Bun.sleep(25);
      }
    },
    async stop(signal = "SIGINT", timeoutMs = 20_000) {
      proc.kill(signal);
      const exited = await Promise.race([proc.exited, Bun.sleep(timeoutMs).then(() => undefined)]);
      if (exited === undefined) {
        proc.kill("SIGKILL");
        throw new Error(`watch process did not exit within ${timeoutMs}ms of ${signal}`);
      }
      return exited;
    },
  };
}

/** The next run, read up to its `run-end`: the stages that ran (sorted) and the end event. */
export async function nextRun(watch: WatchProcess, what: string): Promise<{ ran: string[]; ended: WatchLine }> {
  const ended = await watch.next(isType("run-end"), what);
  const end = watch.events.indexOf(ended);
  let start = end;
  while (start > 0 && watch.events[start]!.type !== "run-start") start--;
  const ran = watch.events
    .slice(start, end)
    .filter((e) => e.type === "stage-end" && e.status === "ran")
    .map((e) => String(e.stage));
  return { ran: ran.sort(), ended };
}
