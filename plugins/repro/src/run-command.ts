import { defineCommand } from "citty";
import { completes } from "@pivot/core/define";
import { executeRun } from "./execute-run";
import { runArgs } from "./run-args";

export const runCommand = defineCommand({
  meta: { name: "run", description: "Run the named stages only (not their upstream)" },
  args: {
    stages: { type: "positional", required: true, description: "Stage names or globs", ...completes("stages") },
    ...runArgs,
  },
  run: ({ args }) => executeRun(args, false),
});
