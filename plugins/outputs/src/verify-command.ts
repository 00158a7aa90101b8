import { defineCommand } from "citty";
import { allPipelinesArgs, allowMissingFor, completes, type VerifyReport, bold, cyan, dim, green, print, printJson, red, verifyProject, withProject } from "@pivot/core/internal";
import { plural } from "./format";

function renderVerify(report: VerifyReport): void {
  for (const item of report.items) {
    const name = item.kind === "tracked" ? `${bold(item.name)} ${dim("(tracked)")}` : bold(item.name);
    print(`${item.ok ? green("✔") : red("✖")} ${name}`);
    for (const problem of item.problems) print(`    ${red("-")} ${problem}`);
    for (const note of item.notes) print(`    ${dim(`· ${note}`)}`);
  }
  const failed = report.items.filter((i) => !i.ok).length;
  if (report.items.length === 0) print("Nothing to verify: no stages and no tracked data.");
  else if (report.passed) print(green(`Verification passed: ${plural(report.items.length, "item")} checked.`));
  else {
    print(red(`Verification failed: ${failed} of ${plural(report.items.length, "item")} ${failed === 1 ? "has" : "have"} problems.`));
    print(cyan("Stale stages: `pivot repro`. Missing or damaged objects: `pivot pull`, or `pivot commit <stage>` when the workspace copy is intact, or `pivot repro --force <stage>`."));
  }
}

export const verifyCommand = defineCommand({
  meta: { name: "verify", description: "CI gate: stages up to date and every cached output intact in the cache" },
  args: {
    stages: { type: "positional", required: false, description: "Stages (with their upstream) to verify; default: all stages and tracked data", ...completes("stages") },
    json: { type: "boolean", description: "Print a JSON report" },
    allowMissing: { type: "boolean", description: "Pass data absent from the workspace and the cache when the default remote holds it (CI after a clone)" },
    ...allPipelinesArgs,
  },
  async run({ args }) {
    await withProject({ all: args.all, strict: args.strict, allowMissingDeps: true, allowNoPipeline: true }, async (project) => {
      const missingData = args.allowMissing ? await allowMissingFor(project, args._, args._.length === 0) : undefined;
      const report = await verifyProject(project, { targets: args._, ...(missingData ? { missingData } : {}) });
      if (!report.passed) process.exitCode = 1;
      if (args.json) printJson(report);
      else renderVerify(report);
    });
  },
});
