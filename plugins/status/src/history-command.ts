import { defineCommand } from "citty";
import {
  PivotError,
  StateRouter,
  bold,
  dim,
  formatDuration,
  hostContext,
  print,
  printJson,
  requireProjectRoot,
} from "@pivot/core/internal";

const LIST_ARGS = {
  limit: { type: "string", alias: "n", valueHint: "N", description: "How many runs (default 20)" },
  json: { type: "boolean", description: "Print JSON" },
} as const;

function limitOf(value: string | undefined): number {
  if (value === undefined || value === "") return 20;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new PivotError("USAGE", `--limit must be a whole number of runs (1 or more), got '${value}'`, { hint: "Write e.g. --limit 5.", exitCode: 2 });
  }
  return limit;
}

const listCommand = defineCommand({
  meta: { name: "list", description: "Recent runs, newest first" },
  args: LIST_ARGS,
  run({ args }) {
    const store = new StateRouter(hostContext().registry.stateBackend()).forProject(requireProjectRoot());
    try {
      const runs = store.listRuns(limitOf(args.limit));
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
    run: { type: "positional", required: false, description: "Run id (see `pivot history`); default: the latest run" },
    json: { type: "boolean", description: "Print JSON" },
  },
  run({ args }) {
    const store = new StateRouter(hostContext().registry.stateBackend()).forProject(requireProjectRoot());
    try {
      const run = args.run ? store.getRun(args.run) : store.listRuns(1)[0];
      if (!run) {
        throw new PivotError("USAGE", args.run ? `No run '${args.run}' in the history` : "No runs recorded yet", {
          hint: args.run ? "Run `pivot history` to see recorded run ids." : "Run `pivot repro` first.",
        });
      }
      if (args.json) return printJson(run);
      print(`${bold(run.id)} ${run.status} in ${formatDuration(run.durationMs)}  ${dim(run.command)}`);
      print(dim(`started ${new Date(run.startedAtMs).toISOString().replace("T", " ").slice(0, 19)} UTC, ${run.stages.length} stage${run.stages.length === 1 ? "" : "s"}`));
      const width = Math.max(5, ...run.stages.map((stage) => stage.stage.length));
      for (const stage of run.stages) {
        print(`  ${stage.status.padEnd(9)} ${bold(stage.stage.padEnd(width))} ${formatDuration(stage.durationMs).padStart(7)}  ${dim(stage.reason)}`);
      }
    } finally {
      store.close();
    }
  },
});

export const historyCommand = defineCommand({
  meta: { name: "history", description: "List recent runs, or show one run's stages" },
  // The list options are declared here too, so `pivot history --limit 5` reaches `list`.
  args: LIST_ARGS,
  default: "list",
  subCommands: { list: listCommand, show: showCommand },
});
