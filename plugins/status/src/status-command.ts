import { defineCommand } from "citty";
import {
  allPipelinesArgs,
  allowMissingFor,
  checkTrackedFiles,
  completes,
  trackedChanged,
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
  allowMissing: { type: "boolean", description: "Accept data absent from the workspace when the default remote holds it (CI after a clone)" },
  ...allPipelinesArgs,
  remote: { type: "string", alias: "r", valueHint: "NAME", description: "Instead: what push/pull would move to/from a remote (no NAME: the default)", ...completes("remotes") },
} as const;

export const statusCommand = defineCommand({
  meta: { name: "status", description: "Show which stages are stale, and why" },
  args: statusArgs,
  async run({ args: parsed, rawArgs }) {
    const args = withOptionalValue(parsed, rawArgs, statusArgs, "remote", "r");
    // A project with only tracked data (no pipeline file yet) has a status too.
    const project = await openDataProject({ all: args.all, strict: args.strict, allowMissingDeps: true });
    try {
      if (args.remote !== undefined) {
        const report = await remoteStatus(project, { targets: args._, ...(args.remote ? { remote: args.remote } : {}) });
        if (args.json) printJson(report);
        else for (const line of renderRemoteStatus(report, { verbose: isVerbose() })) print(line);
        return;
      }
      const missingData = args.allowMissing ? await allowMissingFor(project, args._, args._.length === 0) : undefined;
      const { predictions, hashedFiles } = await predictStages(project, { targets: args._, upstream: true, rememberHashes: true, ...(missingData ? { missingData } : {}) });
      const stale = predictions.some((p) => p.willRun || p.restore.length > 0);
      // Tracked data (`pivot track`) is reported when no stage is named.
      const tracked = args._.length === 0 ? await checkTrackedFiles(project) : [];
      if (missingData) for (const t of tracked) if (t.state === "missing" && t.hash && missingData.has(t.hash)) t.available = true;
      const anyTrackedChanged = tracked.some(trackedChanged);
      if (args.json) printJson({ stale, stages: predictions.map(predictionJson), hashedFiles, tracked, trackedChanged: anyTrackedChanged });
      else if (!isQuiet()) {
        for (const line of renderPredictions(predictions, { explain: args.explain, verbose: isVerbose() })) print(line);
        for (const line of renderTrackedStatus(tracked, { verbose: isVerbose() })) print(line);
      }
      // A stage that cannot be judged (missing dep, bad params file) fails the command after the report.
      if (predictions.some((p) => p.error)) process.exitCode = 1;
      // Like `git diff --quiet`: with -q the exit code is the answer.
      else if (isQuiet() && (stale || anyTrackedChanged)) process.exitCode = 1;
    } finally {
      project.close();
    }
  },
});
