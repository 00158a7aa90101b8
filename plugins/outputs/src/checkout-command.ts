import { defineCommand } from "citty";
import { allPipelinesArgs, checkoutData, completes, printJson, withProject } from "@pivot/core/internal";
import { checkoutFailed, renderCheckout } from "./render-checkout";

export const checkoutCommand = defineCommand({
  meta: { name: "checkout", description: "Restore outputs and tracked data from the cache" },
  args: {
    targets: { type: "positional", required: false, description: "Stages, output or tracked paths (files or folders); default: everything", ...completes("stages-or-files") },
    force: { type: "boolean", alias: "f", description: "Replace modified files and folders with the cached version" },
    onlyMissing: { type: "boolean", description: "Only place missing files; never touch existing ones" },
    relink: { type: "boolean", description: "Re-place unchanged data too, with the current cache.link modes" },
    json: { type: "boolean", description: "Print a JSON report" },
    ...allPipelinesArgs,
  },
  async run({ args }) {
    await withProject({ all: args.all, strict: args.strict, allowNoPipeline: true }, async (project) => {
      const report = await checkoutData(project, {
        targets: args._,
        cwd: process.cwd(),
        force: Boolean(args.force),
        onlyMissing: Boolean(args.onlyMissing),
        relink: Boolean(args.relink),
      });
      if (checkoutFailed(report)) process.exitCode = 1;
      if (args.json) printJson({ ok: !checkoutFailed(report), ...report });
      else renderCheckout(report);
    });
  },
});
