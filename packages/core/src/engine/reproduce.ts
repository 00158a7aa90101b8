import { hostContext } from "../plugin/host-context";
import type { RunRecord, RunStageRecord } from "../plugin/state-backend";
import type { Project } from "../project/open-project";
import { type EventBus, type StageRunStatus, emptyCounts } from "./events";
import { ExecutorSet } from "./executors";
import { ParamsReader } from "./params";
import { newRunId } from "./run-id";
import { runScheduled } from "./scheduler";
import { GcPacer } from "./gc-pacer";
import { beginCheck } from "./begin-check";
import { type StageProcessContext, processStage } from "./stage-process";
import type { OutputSupply } from "./output-supply";
import type { DataAvailability } from "../remote/data-availability";
import type { SeenSignature } from "../up-to-date/record-snapshot";
import { seenBy } from "./seen-signatures";

export interface ReproduceOptions {
  targets: readonly string[];
  /** Include everything upstream of the targets (`repro`); `run` runs only the named stages. */
  upstream: boolean;
  /** Include everything downstream of the targets (`repro --downstream`). */
  downstream?: boolean;
  force: boolean;
  /** Run, but record nothing (see `pivot commit`). */
  noCommit?: boolean;
  jobs: number;
  keepGoing: boolean;
  signal: AbortSignal;
  events: EventBus;
  runId?: string;
  /** `--pull`: fetch what a skipped, frozen or run-cache-answered stage needs instead of recomputing it. */
  supply?: OutputSupply;
  /** `--allow-missing`: recorded data absent from the workspace but available is accepted. */
  missingData?: DataAvailability;
  /** Wait for stages another pivot process is running (default true; `--no-wait` fails them). */
  wait?: boolean;
  /**
   * Stages known up to date without looking (see vouchedStages): skipped as unchanged unless a
   * stage upstream of them did anything but skip, in which case they are processed as usual.
   */
  vouched?: ReadonlySet<string>;
}

export interface RunSummary {
  runId: string;
  status: "ok" | "failed" | "interrupted";
  stages: Map<string, StageRunStatus>;
  counts: Record<StageRunStatus, number>;
  durationMs: number;
  /** Files read and hashed (a warm hash cache keeps this at 0 for unchanged files). */
  hashedFiles: number;
  /** Each file's signature as the run saw it (for the up-to-date snapshot). */
  seen: SeenSignature;
}

/** Runs the selected stages (and, for `repro`, their upstream) and records the run. */
export async function reproduce(project: Project, options: ReproduceOptions): Promise<RunSummary> {
  const started = performance.now();
  const startedAtMs = Date.now();
  const { graph, order, vouched, toCheck, hasher, locks } = beginCheck(project, options, { writeLocks: !options.noCommit });
  const runId = options.runId ?? newRunId();
  const executors = new ExecutorSet(project);
  const ctx: StageProcessContext = {
    project,
    hasher,
    locks,
    params: new ParamsReader(project.root),
    events: options.events,
    signal: options.signal,
    force: options.force,
    noCommit: options.noCommit ?? false,
    wait: options.wait ?? true,
    runId,
    executors,
    ...(options.supply ? { supply: options.supply } : {}),
    ...(options.missingData ? { missingData: options.missingData } : {}),
  };

  // How each stage ended; most of a run are skipped as unchanged in no time, kept as one shared value.
  const finished = new Map<string, RunStageRecord | typeof UNCHANGED>();
  const gc = new GcPacer();
  options.events.add({
    handle: (event) => {
      if (event.type !== "stage-end") return;
      gc.tick();
      const record = { stage: event.stage, status: event.status, reason: event.error ?? event.reason, durationMs: event.durationMs };
      finished.set(event.stage, isUnchanged(record) ? UNCHANGED : record);
    },
  });
  const skipped = (id: string) => {
    const record = finished.get(id);
    return record === UNCHANGED || record?.status === "skipped";
  };
  options.events.emit({ type: "run-start", runId, stages: order, jobs: options.jobs });
  // Cluster executors cancel what they have in flight with one call each (Ctrl-C, or a failure without --keep-going).
  const cancelInFlight = () => void executors.cancelAll().catch(() => undefined);
  options.signal.addEventListener("abort", cancelInFlight, { once: true });
  const statuses = await runScheduled({
    order,
    upstreamOf: (id) => graph.upstreamOf(id),
    mutexOf: (id) => graph.stage(id).mutex,
    jobs: options.jobs,
    poolOf: (id) => executors.nameOf(graph.stage(id)),
    poolLimit: (pool) => executors.limitOf(pool, options.jobs),
    onStop: cancelInFlight,
    keepGoing: options.keepGoing,
    signal: options.signal,
    run: async (id) => {
      const stage = graph.stage(id);
      // Vouched for, and everything upstream skipped: its files are as they were when it was up to date.
      if (vouched?.has(id) && !stage.frozen && graph.upstreamOf(id).every(skipped)) {
        options.events.emit({ type: "stage-end", stage: id, status: "skipped", reason: "unchanged", reasons: [], durationMs: 0 });
        return { status: "skipped" };
      }
      return { status: await processStage(stage, ctx) };
    },
    notRun: (id, status, because) =>
      options.events.emit({
        type: "stage-end",
        stage: id,
        status,
        reason: status === "blocked" ? `not run: upstream ${because.join(", ")} failed` : options.signal.aborted ? "interrupted" : "not run: stopped after a failure",
        reasons: [],
        durationMs: 0,
      }),
  });
  options.signal.removeEventListener("abort", cancelInFlight);
  await executors.disposeAll();
  if (options.noCommit) hasher.discard();
  else hasher.flush();
  locks.flush();

  const counts = emptyCounts();
  for (const status of statuses.values()) counts[status] += 1;
  const status = options.signal.aborted ? "interrupted" : counts.failed + counts.blocked + counts.cancelled > 0 ? "failed" : "ok";
  const durationMs = Math.round(performance.now() - started);
  options.events.emit({ type: "run-end", runId, status, counts, durationMs, hashedFiles: hasher.hashedFiles });
  GcPacer.betweenPhases(toCheck.length);
  if (!options.noCommit) recordHistory(project, { id: runId, startedAtMs, durationMs, status, stages: order.flatMap((id) => recordOf(id, finished.get(id)) ?? []) });
  return { runId, status, stages: statuses, counts, durationMs, hashedFiles: hasher.hashedFiles, seen: seenBy(hasher, locks) };
}

const UNCHANGED = "unchanged";

function isUnchanged(record: RunStageRecord): boolean {
  return record.status === "skipped" && record.reason === UNCHANGED && record.durationMs === 0;
}

function recordOf(stage: string, record: RunStageRecord | typeof UNCHANGED | undefined): RunStageRecord | undefined {
  return record === UNCHANGED ? { stage, status: "skipped", reason: UNCHANGED, durationMs: 0 } : record;
}

/** Run history is project-level: it lives in the project root's state DB. */
function recordHistory(project: Project, run: Omit<RunRecord, "command">): void {
  let argv: string[] = [];
  try {
    argv = hostContext().argv;
  } catch {
    // used as a library: no command line
  }
  project.state.forProject(project.root).recordRun({ ...run, command: argv.join(" ") });
}
