import { join } from "node:path";
import { defineCommand } from "citty";
import {
  PIVOT_DIR,
  PivotError,
  bold,
  dim,
  formatDuration,
  hostContext,
  print,
  printJson,
  requireProjectRoot,
} from "@pivot/core";

const listCommand = defineCommand({
  meta: { name: "list", description: "Recent runs, newest first" },
  args: {
    limit: { type: "string", alias: "n", valueHint: "N", description: "How many runs (default 20)" },
    json: { type: "boolean", description: "Print JSON" },
  },
  run({ args }) {
    const store = hostContext().registry.stateBackend().open(join(requireProjectRoot(), PIVOT_DIR));
    try {
      const runs = store.listRuns(args.limit ? Number(args.limit) : 20);
      if (args.json) return printJson(runs);
      if (runs.length === 0) return print("No runs recorded yet.");
      for (const run of runs) {
        const ran = run.stages.filter((s) => s.status === "ran").length;
        const failed = run.stages.filter((s) => s.status === "failed").length;
        print(
          `${bold(run.id)}  ${new Date(run.startedAtMs).toISOString().replace("T", " ").slice(0, 19)}  ${run.status.padEnd(11)} ${ran} ran${failed ? `, ${failed} failed` : ""}  ${dim(formatDuration(run.durationMs))}  ${dim(run.command)}`,
        );
      }
    } finally {
      store.close();
    }
  },
});

const showCommand = defineCommand({
  meta: { name: "show", description: "One run's stages with status, duration and reason" },
  args: {
    run: { type: "positional", required: true, description: "Run id (see `pivot history`)" },
    json: { type: "boolean", description: "Print JSON" },
  },
  run({ args }) {
    const store = hostContext().registry.stateBackend().open(join(requireProjectRoot(), PIVOT_DIR));
    try {
      const run = store.getRun(args.run);
      if (!run) {
        throw new PivotError("USAGE", `No run '${args.run}' in the history`, { hint: "Run `pivot history` to see recorded run ids." });
      }
      if (args.json) return printJson(run);
      print(`${bold(run.id)} ${run.status} in ${formatDuration(run.durationMs)}  ${dim(run.command)}`);
      for (const stage of run.stages) print(`  ${stage.status.padEnd(9)} ${bold(stage.stage)} ${dim(formatDuration(stage.durationMs))} ${dim(stage.reason)}`);
    } finally {
      store.close();
    }
  },
});

export const historyCommand = defineCommand({
  meta: { name: "history", description: "List recent runs, or show one run's stages" },
  default: "list",
  subCommands: { list: listCommand, show: showCommand },
});
