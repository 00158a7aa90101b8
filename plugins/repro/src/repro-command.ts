import { defineCommand } from "citty";
import { executeRun } from "./execute-run";
import { checkWatchFlags, executeWatch } from "./execute-watch";
import { runArgs, watchArgs } from "./run-args";

export const reproCommand = defineCommand({
  meta: { name: "repro", description: "Bring stages up to date: run what changed, with everything upstream" },
  args: {
    targets: { type: "positional", required: false, description: "Stage names or globs (train@*); default: all stages" },
    ...runArgs,
    ...watchArgs,
  },
  run: ({ args }) => (checkWatchFlags(args) ? executeWatch(args) : executeRun(args, true)),
});
