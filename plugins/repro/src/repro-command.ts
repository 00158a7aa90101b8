import { defineCommand } from "citty";
import { completes } from "@pivot/core/define";
import { runArgs, watchArgs } from "./run-args";
import { reproFromSnapshot } from "./snapshot-fast-path";
import { checkWatchFlags } from "./watch-flags";

export const reproCommand = defineCommand({
  meta: { name: "repro", description: "Bring stages up to date: run what changed, with everything upstream" },
  args: {
    targets: { type: "positional", required: false, description: "Stage names or globs (train@*); default: all stages", ...completes("stages") },
    downstream: { type: "boolean", description: "Run the targets and every stage that depends on them, not their upstream" },
    ...runArgs,
    ...watchArgs,
  },
  // The engine loads only when there is something to check: see snapshot-fast-path.ts.
  run: async ({ args }) => {
    if (checkWatchFlags(args)) return (await import("./execute-watch")).executeWatch(args);
    if (await reproFromSnapshot(args)) return;
    return (await import("./execute-run")).executeRun(args, true);
  },
});
