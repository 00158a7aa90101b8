import { defineCommand } from "citty";
import {
  allPipelinesArgs,
  checkTrackedFiles,
  completes,
  isQuiet,
  isVerbose,
  openDataProject,
  predictStages,
  predictionJson,
  print,
  printJson,
  remoteStatus,
  renderPredictions,
  renderRemoteStatus,
  renderTrackedStatus,
  withOptionalValue,
} from "@pivot/core";

const statusArgs = {
  stages: { type: "positional", required: false, description: "Stages (and their upstream) to check; default: all", ...completes("stages") },
  explain: { type: "boolean", alias: "e", description: "Show every reason, old → new" },
  json: { type: "boolean", description: "Print a JSON report" },
  ...allPipelinesArgs,
  remote: { type: "string", alias: "r", valueHint: "NAME", description: "Instead: what push/pull would move to/from a remote (no NAME: the default)", ...completes("remotes") },
} as const;

export const statusCommand = defineCommand({
  meta: { name: "status", description: "Show which stages are stale, and why" },
  args: statusArgs,
  async run({ args: parsed, rawArgs }) {
    const args = withOptionalValue(parsed, rawArgs, statusArgs, "remote", "r");
    // A project with only tracked data (no pipeline file yet) has a status too.
    const project = await openDataProject({ all: args.all, strict: args.strict });
    try {
      if (args.remote !== undefined) {
        const report = await remoteStatus(project, { targets: args._, ...(args.remote ? { remote: args.remote } : {}) });
        if (args.json) printJson(report);
        else for (const line of renderRemoteStatus(report, { verbose: isVerbose() })) print(line);
        return;
      }
      const { predictions, hashedFiles } = await predictStages(project, { targets: args._, upstream: true, rememberHashes: true });
      const stale = predictions.some((p) => p.willRun || p.restore.length > 0);
      // Tracked data (`pivot track`) is reported when no stage is named.
      const tracked = args._.length === 0 ? await checkTrackedFiles(project) : [];
      const trackedChanged = tracked.some((t) => t.state !== "clean");
      if (args.json) printJson({ stale, stages: predictions.map(predictionJson), hashedFiles, tracked, trackedChanged });
      else if (!isQuiet()) {
        for (const line of renderPredictions(predictions, { explain: args.explain, verbose: isVerbose() })) print(line);
        for (const line of renderTrackedStatus(tracked, { verbose: isVerbose() })) print(line);
      }
      // Like `git diff --quiet`: with -q the exit code is the answer.
      if (isQuiet() && (stale || trackedChanged)) process.exitCode = 1;
    } finally {
      project.close();
    }
  },
});
