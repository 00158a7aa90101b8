import { debug, findProjectRoot, hostContext, isQuiet, isVerbose, print } from "@pivot/core/host";
import { type StagePrediction, type TrackedStatus, checkSnapshot, renderPredictions, renderTrackedStatus } from "@pivot/core/up-to-date";
import { type StatusArgs, statusSnapshotApplies } from "./status-args";

/**
 * `status` of a project whose last plain `status` found everything up to date, answered without
 * loading the engine when the up-to-date snapshot of this exact invocation holds (no file that
 * check read has changed): the same lines a full check would print.
 */
export async function statusFromSnapshot(args: StatusArgs): Promise<boolean> {
  if (!statusSnapshotApplies(args)) return false;
  const projectRoot = findProjectRoot();
  if (!projectRoot) return false;
  const discovery = hostContext().registry.discoveryPlugins();
  const snapshot = await checkSnapshot({ projectRoot, cwd: process.cwd(), command: "status", targets: args._, all: Boolean(args.all), discovery }, { listChanges: true });
  // Not held: what changed is kept for the check that follows (see vouchedStages).
  if (!snapshot) return false;
  debug(`No file read by the last full check has changed since (${snapshot.recorded} files and folders compared): all up to date.`);
  if (!isQuiet()) {
    const predictions = snapshot.stages.map((id) => ({ id, willRun: false, restore: [], reasons: [] }) as unknown as StagePrediction);
    for (const line of renderPredictions(predictions, { verbose: isVerbose() })) print(line);
    const tracked: TrackedStatus[] = (snapshot.tracked ?? []).map((path) => ({ trackingFile: `${path}.pvt`, path, state: "clean" }));
    for (const line of renderTrackedStatus(tracked, { verbose: isVerbose() })) print(line);
  }
  process.exitCode = 0;
  return true;
}
