import {
  ConsoleSink,
  EventBus,
  JsonLinesSink,
  PivotError,
  RunLogSink,
  newRunId,
  openProject,
  predictStages,
  predictionJson,
  print,
  printJson,
  renderPredictions,
  reproduce,
  selectStages,
  beginSnapshot,
  findProjectRoot,
  hostContext,
  snapshotClock,
  writeStderr,
  type PendingSnapshot,
  type Project,
} from "@pivot/core";
import { snapshotApplies } from "./snapshot-fast-path";

export interface RunCommandArgs {
  _: string[];
  force?: boolean;
  jobs?: string;
  keepGoing?: boolean;
  showOutput?: boolean;
  dryRun?: boolean;
  explain?: boolean;
  json?: boolean;
  all?: boolean;
  strict?: boolean;
  noCommit?: boolean;
  /** `repro --downstream`: the targets and what depends on them, not their upstream. */
  downstream?: boolean;
  /** citty parses `--no-commit` as the negation of a `commit` flag. */
  commit?: boolean;
}

export function parseJobs(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const jobs = Number(raw);
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new PivotError("USAGE", `--jobs must be a whole number of at least 1, got '${raw}'`, { hint: "For example: --jobs 4", exitCode: 2 });
  }
  return jobs;
}

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

/** The up-to-date snapshot of this `repro`, written after the run if it found nothing to do. */
function startSnapshot(project: Project, args: RunCommandArgs, clock: number): PendingSnapshot | undefined {
  const targets = args._;
  let stageIds: string[];
  try {
    stageIds = selectStages(project.graph(), targets, { upstream: true });
  } catch {
    return undefined; // reproduce reports the problem
  }
  const invocation = { projectRoot: project.root, cwd: process.cwd(), command: "repro" as const, targets, all: Boolean(args.all), discovery: hostContext().registry.discoveryPlugins() };
  return beginSnapshot(project, invocation, stageIds, clock);
}

/** `repro` and `run`: predict (--dry-run/--explain) or run, then set the exit code. */
export async function executeRun(args: RunCommandArgs, withUpstream: boolean): Promise<void> {
  const downstream = args.downstream === true;
  const upstream = withUpstream && !downstream;
  const root = upstream && snapshotApplies(args) ? findProjectRoot() : undefined;
  const clock = root ? snapshotClock(root) : undefined;
  const project = await openProject({ all: args.all, strict: args.strict });
  try {
    if (args.dryRun || args.explain) {
      const { predictions } = await predictStages(project, { targets: args._, upstream, downstream, force: args.force, rememberHashes: false });
      if (args.json) printJson({ stages: predictions.map(predictionJson) });
      else for (const line of renderPredictions(predictions, { explain: args.explain, verbose: true })) print(line);
      return;
    }
    const runId = newRunId();
    const log = new RunLogSink(project.root, runId);
    const events = new EventBus([args.json ? new JsonLinesSink() : new ConsoleSink({ showOutput: args.showOutput }), log]);
    const interrupt = interruptController();
    const snapshot = clock === undefined ? undefined : startSnapshot(project, args, clock);
    try {
      const summary = await reproduce(project, {
        targets: args._,
        upstream,
        downstream,
        force: Boolean(args.force),
        noCommit: Boolean(args.noCommit) || args.commit === false,
        jobs: parseJobs(args.jobs, project.config.jobs),
        keepGoing: Boolean(args.keepGoing),
        signal: interrupt.signal,
        events,
        runId,
      });
      process.exitCode = summary.status === "ok" ? 0 : summary.status === "interrupted" ? 130 : 1;
      snapshot?.finish(summary.status === "ok" && summary.counts.skipped === summary.stages.size);
    } finally {
      interrupt.dispose();
      events.close();
    }
  } finally {
    project.close();
  }
}
