import { errorMessage, isPivotError } from "../errors/pivot-error";
import { type RunEventSink, EventBus } from "../engine/events";
import { defaultRunJobs } from "../engine/executors";
import { type RunSummary, reproduce } from "../engine/reproduce";
import { newRunId } from "../engine/run-id";
import { RunLogSink } from "../engine/run-log";
import type { Project } from "../project/open-project";
import type { WatchEventSink } from "./watch-events";

export interface WatchRunOptions {
  /** Run the selected stages even when unchanged — the first run only. */
  force: boolean;
  noCommit: boolean;
  /** Stages run at once (default: as for plain `repro`, see watchRunJobs). */
  jobs?: number;
  keepGoing: boolean;
}

export interface StageRunRequest {
  project: Project;
  /** Exact stage ids; only these run (their upstream is not added). */
  stages: readonly string[];
  force: boolean;
  options: WatchRunOptions;
  signal: AbortSignal;
  runSinks: () => RunEventSink[];
  events: WatchEventSink;
}

/**
 * `--jobs` of a run in watch mode, the same as plain `repro`'s: the flag, else `core.jobs`, else
 * the project executor's own default (100 with executor: slurm), else the CPUs.
 */
export function watchRunJobs(options: Pick<WatchRunOptions, "jobs">, project: Pick<Project, "config" | "registry">): number {
  return options.jobs ?? defaultRunJobs(project);
}

/**
 * One run inside watch mode: the usual engine run of exactly `stages`, with a fresh run log.
 * Never throws: an error that stops the run (a state DB that cannot be opened …) is reported as a
 * warning and watch mode goes on.
 */
export async function runWatchedStages(request: StageRunRequest): Promise<RunSummary | undefined> {
  const runId = newRunId();
  const events = new EventBus([...request.runSinks(), new RunLogSink(request.project.root, runId)]);
  try {
    return await reproduce(request.project, {
      targets: request.stages,
      upstream: false,
      force: request.force,
      noCommit: request.options.noCommit,
      jobs: watchRunJobs(request.options, request.project),
      keepGoing: request.options.keepGoing,
      signal: request.signal,
      events,
      runId,
    });
  } catch (error) {
    request.events.handle({
      type: "warning",
      message: `The run stopped: ${errorMessage(error)}`,
      hint: isPivotError(error) && error.hint ? error.hint : "Still watching: the next change runs again.",
    });
    return undefined;
  } finally {
    events.close();
  }
}
