import {
  ConsoleSink,
  EventBus,
  JsonLinesSink,
  PivotError,
  RunLogSink,
  newRunId,
  predictStages,
  predictionJson,
  print,
  printJson,
  renderPredictions,
  reproduce,
  selectStages,
  defaultRunJobs,
  beginSnapshot,
  findProjectRoot,
  hostContext,
  snapshotClock,
  writeStderr,
  holdStderr,
  allowMissingFor,
  isQuiet,
  openOnDemandPull,
  pullFromRemote,
  missingTrackedDeps,
  type OnDemandPull,
  type PendingSnapshot,
  type Project,
  type SnapshotInvocation,
  vouchedStages,
  parseJobs,
  withProject,
} from "@pivot/core/internal";
import type { RunCommandArgs } from "./run-args";
import { snapshotApplies } from "./snapshot-fast-path";



/** Ctrl-C stops running stages (their outputs are not recorded); a second Ctrl-C exits at once. */
function interruptController(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    writeStderr("\nInterrupted: stopping running stages (Ctrl-C again to exit now)\n");
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigint);
  return { signal: controller.signal, dispose: () => (process.off("SIGINT", onSigint), process.off("SIGTERM", onSigint)) };
}

/** What a snapshot of this plain `repro` answers for. */
function reproInvocation(project: Project, args: RunCommandArgs): SnapshotInvocation {
  return { projectRoot: project.root, cwd: process.cwd(), command: "repro", targets: args._, all: Boolean(args.all), discovery: hostContext().registry.discoveryPlugins() };
}

/** The up-to-date snapshot of this `repro`, written after the run if it found nothing to do. */
function startSnapshot(project: Project, args: RunCommandArgs, clock: number): PendingSnapshot | undefined {
  let stageIds: string[];
  try {
    stageIds = selectStages(project.graph(), args._, { upstream: true });
  } catch {
    return undefined; // reproduce reports the problem
  }
  return beginSnapshot(project, reproInvocation(project, args), stageIds, clock);
}

/** Stages the last up-to-date snapshot of this `repro` still vouches for (it no longer holds as a whole). */
async function vouchedFor(project: Project, args: RunCommandArgs): Promise<Set<string> | undefined> {
  try {
    return await vouchedStages(project, reproInvocation(project, args));
  } catch {
    return undefined; // a graph problem: reproduce reports it
  }
}

/** `repro` and `run`: predict (--dry-run/--explain) or run, then set the exit code. */
export async function executeRun(args: RunCommandArgs, withUpstream: boolean): Promise<void> {
  const downstream = args.downstream === true;
  const upstream = withUpstream && !downstream;
  const root = upstream && snapshotApplies(args) ? findProjectRoot() : undefined;
  const clock = root ? snapshotClock(root) : undefined;
  if (args.pull && (args.dryRun || args.explain)) {
    throw new PivotError("USAGE", "--pull fetches data; it does not mix with --dry-run or --explain", {
      hint: "To judge stages by what the remote holds without fetching, use --dry-run --allow-missing.",
      exitCode: 2,
    });
  }
  await withProject({ all: args.all, strict: args.strict }, async (project) => {
    const missingData = args.allowMissing ? await allowMissingFor(project, args._, false, { upstream, downstream }) : undefined;
    if (args.dryRun || args.explain) {
      const { predictions } = await predictStages(project, { targets: args._, upstream, downstream, force: args.force, rememberHashes: false, ...(missingData ? { missingData } : {}) });
      if (args.json) printJson({ stages: predictions.map(predictionJson) });
      else for (const line of renderPredictions(predictions, { explain: args.explain, verbose: true })) print(line);
      return;
    }
    const runId = newRunId();
    const log = new RunLogSink(project.root, runId);
    const events = new EventBus([args.json ? new JsonLinesSink() : new ConsoleSink({ showOutput: args.showOutput }), log]);
    const interrupt = interruptController();
    const releaseStderr = holdStderr();
    const snapshot = clock === undefined ? undefined : startSnapshot(project, args, clock);
    const vouched = snapshot ? await vouchedFor(project, args) : undefined;
    const supply = args.pull ? await openOnDemandPull(project) : undefined;
    try {
      if (supply) await pullMissingTrackedDeps(project, args._, { upstream, downstream });
      const summary = await reproduce(project, {
        targets: args._,
        upstream,
        downstream,
        force: Boolean(args.force),
        noCommit: Boolean(args.noCommit) || args.commit === false,
        jobs: parseJobs(args.jobs) ?? defaultRunJobs(project),
        keepGoing: Boolean(args.keepGoing),
        wait: args.wait !== false,
        signal: interrupt.signal,
        events,
        runId,
        ...(supply ? { supply } : {}),
        ...(missingData ? { missingData } : {}),
        ...(vouched ? { vouched } : {}),
      });
      if (supply && !args.json) reportPulled(supply);
      process.exitCode = summary.status === "ok" ? 0 : summary.status === "interrupted" ? 130 : 1;
      const nothingToDo = summary.status === "ok" && summary.counts.skipped === summary.stages.size;
      // A snapshot that vouched for some stages stays the reference for the next run until one finds nothing to do.
      if (nothingToDo || !vouched) snapshot?.finish(nothingToDo, summary.seen);
    } finally {
      releaseStderr();
      interrupt.dispose();
      events.close();
      await supply?.close();
    }
  });
}

/** `--pull`: tracked data (`pivot track`) the selected stages read and the workspace lacks is pulled before the run. */
async function pullMissingTrackedDeps(project: Project, targets: readonly string[], select: { upstream: boolean; downstream: boolean }): Promise<void> {
  const paths = missingTrackedDeps(project, selectStages(project.graph(), targets, select));
  if (paths.length > 0) await pullFromRemote(project, { targets: paths, cwd: project.root });
}

/** One line saying what `--pull` fetched, and why it stopped asking the remote if it did. */
function reportPulled(supply: OnDemandPull): void {
  if (isQuiet()) return;
  const { objects, records, failed, refused, rejected } = supply.summary();
  if (objects + records > 0) writeStderr(`↓ --pull: fetched ${objects} ${objects === 1 ? "object" : "objects"} and ${records} run-cache ${records === 1 ? "record" : "records"} from ${supply.remoteName}\n`);
  if (failed > 0) writeStderr(`! --pull: ${failed} ${failed === 1 ? "output was" : "outputs were"} not on ${supply.remoteName} or damaged there; their stages ran instead\n`);
  for (const record of rejected) writeStderr(`! --pull: ignored the run-cache record of ${record.stage} on ${supply.remoteName}: ${record.reason}; the stage ran instead\n`);
  if (refused) writeStderr(`! --pull: stopped asking ${supply.remoteName}: ${refused}; the remaining stages ran instead\n`);
}
