import { type TrackedStatus, trackedChanged } from "../track/tracked-state";
import { bold, dim, green, red, yellow } from "./colors";

function describe(entry: TrackedStatus): string {
  switch (entry.state) {
    case "clean":
      return dim("unchanged");
    case "modified":
      return `modified ${dim(`(record it: pivot track ${entry.path}; undo: pivot checkout --force ${entry.path})`)}`;
    case "missing":
      return entry.available ? dim(`not in the workspace, available (fetch it: pivot pull ${entry.path})`) : `missing ${dim(`(restore it: pivot checkout ${entry.path})`)}`;
    case "invalid":
      return `${entry.trackingFile}: ${entry.problem}`;
  }
}

const MARK = { clean: green("✔"), modified: yellow("●"), missing: yellow("●"), invalid: red("✖") } as const;

/**
 * The tracked-data section of `pivot status`: one line per changed, missing or broken tracked path
 * (every path with `verbose`), or a single line when all are unchanged. Empty without tracked data.
 */
export function renderTrackedStatus(entries: readonly TrackedStatus[], options: { verbose?: boolean } = {}): string[] {
  if (entries.length === 0) return [];
  const changed = entries.filter(trackedChanged);
  const shown = options.verbose ? entries : changed;
  const width = Math.min(40, Math.max(8, ...shown.map((e) => e.path.length)));
  const lines = shown.map((e) => `${trackedChanged(e) ? MARK[e.state] : green("✔")} ${bold(e.path.padEnd(width))} ${describe(e)}`);
  const noun = entries.length === 1 ? "tracked path" : "tracked paths";
  lines.push(changed.length === 0 ? `${green("✔")} ${entries.length} ${noun} unchanged` : `${changed.length} of ${entries.length} ${noun} changed`);
  return lines;
}
