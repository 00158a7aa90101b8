import {
  type PendingSnapshot,
  type Project,
  allowMissingFor,
  type SnapshotInvocation,
  beginSnapshot,
  checkTrackedFiles,
  findProjectRoot,
  hostContext,
  trackedChanged,
  isQuiet,
  isVerbose,
  predictStages,
  predictionJson,
  print,
  printJson,
  remoteStatus,
  renderPredictions,
  renderRemoteStatus,
  renderTrackedStatus,
  snapshotClock,
  vouchedStages,
  withOptionalValue,
  withProject,
} from "@pivot/core/internal";
import { type StatusArgs, statusArgs, statusSnapshotApplies } from "./status-args";

/** What a snapshot of this `status` answers for. */
function statusInvocation(project: Project, args: StatusArgs): SnapshotInvocation {
  return { projectRoot: project.root, cwd: process.cwd(), command: "status", targets: args._, all: Boolean(args.all), discovery: hostContext().registry.discoveryPlugins() };
}

/** A snapshot of this plain `status`, written if it finds every stage up to date and every tracked path unchanged. */
function startSnapshot(project: Project, args: StatusArgs, stageIds: string[], clock: number | undefined): PendingSnapshot | undefined {
  if (clock === undefined) return undefined;
  return beginSnapshot(project, statusInvocation(project, args), stageIds, clock, { withTracked: args._.length === 0 });
}

/** Stages the last up-to-date snapshot still vouches for (not with --allow-missing, which asks another question). */
async function vouchedFor(project: Project, args: StatusArgs): Promise<Set<string> | undefined> {
  if (args.allowMissing || project.pipelines.length === 0) return undefined;
  return vouchedStages(project, statusInvocation(project, args));
}

/** `pivot status` by a full check (no snapshot held, or an option that needs the details). */
export async function executeStatus(parsed: StatusArgs, rawArgs: readonly string[]): Promise<void> {
  const args = withOptionalValue(parsed, rawArgs, statusArgs, "remote", "r");
  const root = statusSnapshotApplies(args) ? findProjectRoot() : undefined;
  const clock = root ? snapshotClock(root) : undefined;
  // A project with only tracked data (no pipeline file yet) has a status too.
  await withProject({ all: args.all, strict: args.strict, allowMissingDeps: true, allowNoPipeline: true }, async (project) => {
    if (args.remote !== undefined) {
      const report = await remoteStatus(project, { targets: args._, ...(args.remote ? { remote: args.remote } : {}) });
      if (args.json) printJson(report);
      else for (const line of renderRemoteStatus(report, { verbose: isVerbose() })) print(line);
      return;
    }
    const missingData = args.allowMissing ? await allowMissingFor(project, args._, args._.length === 0) : undefined;
    const vouched = await vouchedFor(project, args);
    const { predictions, hashedFiles, seen } = await predictStages(project, { targets: args._, upstream: true, rememberHashes: true, ...(missingData ? { missingData } : {}), ...(vouched ? { vouched } : {}) });
    const snapshot = project.pipelines.length > 0 ? startSnapshot(project, args, predictions.map((p) => p.id), clock) : undefined;
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
    const errors = predictions.some((p) => p.error);
    const upToDate = !errors && !stale && !anyTrackedChanged && tracked.every((t) => t.state === "clean") && predictions.every((p) => !p.frozen);
    // A snapshot that vouched for some stages stays the reference for the next status until one is up to date again.
    if (upToDate || !vouched) snapshot?.finish(upToDate, seen);
    // A stage that cannot be judged (missing dep, bad params file) fails the command after the report.
    if (errors) process.exitCode = 1;
    // Like `git diff --quiet`: with -q the exit code is the answer.
    else if (isQuiet() && (stale || anyTrackedChanged)) process.exitCode = 1;
  });
}
