import { defineCommand } from "citty";
import { allPipelinesArgs, bold, commitStages, completes, cyan, dim, green, print, printJson, red, withProject } from "@pivot/core/internal";
import { plural } from "./format";

export const commitCommand = defineCommand({
  meta: { name: "commit", description: "Record the workspace state of stages without running them" },
  args: {
    stages: { type: "positional", required: false, description: "Stages to record even if unchanged; default: every stale stage", ...completes("stages") },
    json: { type: "boolean", description: "Print a JSON report" },
    ...allPipelinesArgs,
  },
  async run({ args }) {
    // A stage with a missing dep fails on its own; the others are still recorded.
    await withProject({ all: args.all, strict: args.strict, allowMissingDeps: true }, async (project) => {
      const report = await commitStages(project, { targets: args._ });
      if (report.failed.length > 0) process.exitCode = 1;
      if (args.json) return printJson(report);
      for (const { stage, reason } of report.committed) print(`${green("✔")} ${bold(stage)} ${dim(`committed (${reason})`)}`);
      for (const { stage, reason } of report.frozen) print(`${cyan("❄")} ${bold(stage)} ${dim(`frozen, not recorded (${reason}); name it to record it: pivot commit ${stage}`)}`);
      for (const { stage, error, hint } of report.failed) {
        print(`${red("✖")} ${bold(stage)} ${error}`);
        if (hint) print(`    ${cyan(hint)}`);
      }
      if (report.committed.length === 0 && report.failed.length === 0) {
        print("Nothing to commit: every stage's lock file matches the workspace.");
        return;
      }
      const failed = report.failed.length > 0 ? `, ${plural(report.failed.length, "stage")} failed` : "";
      print(`Committed ${plural(report.committed.length, "stage")}${failed}.`);
    });
  },
});
