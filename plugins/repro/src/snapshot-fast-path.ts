import { bold, debug, dim, findProjectRoot, gray, green, hostContext, isQuiet, isVerbose, writeStderr } from "@pivot/core/host";
import { checkSnapshot, formatDuration, newRunId, recordSnapshotRun } from "@pivot/core/up-to-date";
import type { RunCommandArgs } from "./run-args";

/** Plain `repro` runs: options that change what is done or reported always take the full path. */
export function snapshotApplies(args: RunCommandArgs): boolean {
  return !(args.force || args.dryRun || args.explain || args.json || args.noCommit || args.commit === false || args.downstream || args.pull || args.allowMissing);
}

/**
 * `repro` with nothing to do, answered without loading the engine: when the up-to-date snapshot
 * of this exact invocation holds (every file the last full check read is unchanged), report what
 * a full check would (with --verbose, every stage as unchanged) and record the run in history.
 */
export async function reproFromSnapshot(args: RunCommandArgs): Promise<boolean> {
  if (!snapshotApplies(args)) return false;
  const started = performance.now();
  const startedAtMs = Date.now();
  const projectRoot = findProjectRoot();
  if (!projectRoot) return false;
  const { registry, argv } = hostContext();
  const snapshot = await checkSnapshot({ projectRoot, cwd: process.cwd(), command: "repro", targets: args._, all: Boolean(args.all), discovery: registry.discoveryPlugins() }, { listChanges: true });
  // Not held: what changed is kept for the run that follows (see vouchedStages).
  if (!snapshot) return false;
  const durationMs = Math.round(performance.now() - started);
  recordSnapshotRun(registry.stateBackend(), projectRoot, snapshot, { id: newRunId(), startedAtMs, durationMs, command: argv.join(" ") });
  if (isVerbose()) {
    debug(`No file read by the last full check of these stages has changed since (${snapshot.recorded} files and folders compared): all up to date.`);
    for (const stage of snapshot.stages) writeStderr(`${gray("·")} ${bold(stage)} ${dim("unchanged")}\n`);
  }
  if (!isQuiet()) writeStderr(`${green("✔")} 0 ran, ${snapshot.stages.length} skipped in ${formatDuration(durationMs)}\n`);
  process.exitCode = 0;
  return true;
}
