import { defineCommand } from "citty";
import { allPipelinesArgs, isQuiet, openProject, predictStages, predictionJson, print, printJson, renderPredictions } from "@pivot/core";

export const statusCommand = defineCommand({
  meta: { name: "status", description: "Show which stages are stale, and why" },
  args: {
    stages: { type: "positional", required: false, description: "Stages (and their upstream) to check; default: all" },
    explain: { type: "boolean", alias: "e", description: "Show every reason, old → new" },
    json: { type: "boolean", description: "Print a JSON report" },
    ...allPipelinesArgs,
    verbose: { type: "boolean", description: "List up-to-date stages too" },
  },
  async run({ args }) {
    const project = await openProject({ all: args.all, strict: args.strict });
    try {
      const { predictions, hashedFiles } = await predictStages(project, { targets: args._, upstream: true, rememberHashes: true });
      const stale = predictions.some((p) => p.willRun || p.restore.length > 0);
      if (args.json) printJson({ stale, stages: predictions.map(predictionJson), hashedFiles });
      else if (!isQuiet()) for (const line of renderPredictions(predictions, { explain: args.explain, verbose: args.verbose })) print(line);
      // Like `git diff --quiet`: with -q the exit code is the answer.
      if (isQuiet() && stale) process.exitCode = 1;
    } finally {
      project.close();
    }
  },
});
