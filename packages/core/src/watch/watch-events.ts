import { writeStdout, writeStderr } from "../ui/std-write";
import { bold, cyan, dim, red, yellow } from "../ui/colors";
import { isQuiet } from "../ui/output";

/** At most this many changed paths are listed in an event (`changedCount` has the total). */
const LISTED_PATHS = 50;

/** What watch mode reports besides the run events of each run. */
export type WatchEvent =
  | { type: "reload"; ok: true; changed: string[]; stages: number; added: string[]; removed: string[] }
  | { type: "reload"; ok: false; changed: string[]; error: string; hint?: string; code?: string }
  | {
      type: "trigger";
      /** `start`: the first run; `data`: deps or params changed; `reload`: after a reload. */
      cause: "start" | "data" | "reload";
      changed: string[];
      changedCount: number;
      /** Stages the run brings up to date (for `reload` and `start`: every selected stage). */
      stages: string[];
    }
  | { type: "restart"; changed: string[]; changedCount: number }
  | { type: "idle"; folders: number; debounceMs: number }
  | { type: "warning"; message: string; hint?: string }
  | { type: "stop" };

export interface WatchEventSink {
  handle(event: WatchEvent): void;
}

/** Changed paths as events carry them: sorted, the first LISTED_PATHS of them, and the count. */
export function listChanged(paths: readonly string[]): { changed: string[]; changedCount: number } {
  return { changed: [...paths].sort().slice(0, LISTED_PATHS), changedCount: paths.length };
}

/** `--json`: one JSON object per line on stdout, like the run events. */
export class JsonWatchSink implements WatchEventSink {
  handle(event: WatchEvent): void {
    writeStdout(`${JSON.stringify(event)}\n`);
  }
}

function names(paths: readonly string[], total = paths.length, shown = 3): string {
  const listed = paths.slice(0, shown).join(", ");
  return total > shown ? `${listed} and ${total - Math.min(shown, paths.length)} more` : listed;
}

/** The human view of watch mode on stderr, around the usual per-stage run view. */
export class ConsoleWatchSink implements WatchEventSink {
  #write(line: string): void {
    if (!isQuiet()) writeStderr(`${line}\n`);
  }

  handle(event: WatchEvent): void {
    switch (event.type) {
      case "trigger":
        if (event.cause === "start") return;
        this.#write(
          `${yellow("⟳")} changed: ${names(event.changed, event.changedCount)} → ${
            event.cause === "data" ? `running ${names(event.stages, event.stages.length, 6)}` : `checking ${event.stages.length} stage${event.stages.length === 1 ? "" : "s"}`
          }`,
        );
        return;
      case "reload":
        if (event.ok) {
          const delta = [...(event.added.length > 0 ? [`added ${names(event.added)}`] : []), ...(event.removed.length > 0 ? [`removed ${names(event.removed)}`] : [])];
          this.#write(`${cyan("↻")} reloaded the pipeline: ${event.stages} stage${event.stages === 1 ? "" : "s"}${delta.length > 0 ? ` (${delta.join("; ")})` : ""}`);
        } else {
          if (event.changed.length > 0) this.#write(`${yellow("⟳")} changed: ${names(event.changed)}`);
          writeStderr(`${red("✖")} ${event.error}\n${event.hint ? `  ${cyan(event.hint)}\n` : ""}`);
          this.#write(dim("  still watching: fix it and save to reload"));
        }
        return;
      case "restart":
        this.#write(`${yellow("⟳")} changed: ${names(event.changed, event.changedCount)} → stopping the running stages to start over`);
        return;
      case "idle":
        this.#write(dim(`○ watching ${event.folders} folder${event.folders === 1 ? "" : "s"} for changes (Ctrl-C to stop)`));
        return;
      case "warning":
        writeStderr(`${yellow("⚠")} ${event.message}\n${event.hint ? `  ${cyan(event.hint)}\n` : ""}`);
        return;
      case "stop":
        this.#write(bold("Watch mode stopped."));
        return;
    }
  }
}
