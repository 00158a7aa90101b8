import type { StageRunStatus } from "../plugin/state-backend";

export interface ScheduledOutcome {
  status: StageRunStatus;
}

export interface SchedulerOptions {
  /** Stage ids in topological order. */
  order: readonly string[];
  /** Direct upstream stages (within `order`) of a stage. */
  upstreamOf(id: string): readonly string[];
  /** Mutex groups of a stage. */
  mutexOf(id: string): readonly string[];
  jobs: number;
  /** Keep running independent stages after a failure. */
  keepGoing: boolean;
  signal: AbortSignal;
  run(id: string): Promise<ScheduledOutcome>;
  /** Called for stages that never start: blocked by a failed upstream, or cancelled. */
  notRun(id: string, status: "blocked" | "cancelled", because: string[]): void;
}

const OK: ReadonlySet<StageRunStatus> = new Set(["ran", "skipped", "restored"]);

/**
 * Runs stages on `jobs` slots as soon as their upstream stages succeeded, never two stages of one
 * mutex group at once, in topological order among the ready ones. After a failure, no new stage
 * starts unless `keepGoing`; dependents of a failure are blocked.
 */
export async function runScheduled(options: SchedulerOptions): Promise<Map<string, StageRunStatus>> {
  const status = new Map<string, StageRunStatus>();
  const inOrder = new Set(options.order);
  const pending = [...options.order];
  const running = new Map<string, Promise<void>>();
  const heldMutexes = new Set<string>();
  let stopped = false;

  const upstreamIn = (id: string) => options.upstreamOf(id).filter((u) => inOrder.has(u));

  const startReady = (): void => {
    for (let i = 0; i < pending.length && running.size < options.jobs; ) {
      const id = pending[i]!;
      const upstream = upstreamIn(id);
      const failedUpstream = upstream.filter((u) => {
        const s = status.get(u);
        return s !== undefined && !OK.has(s);
      });
      if (failedUpstream.length > 0) {
        pending.splice(i, 1);
        status.set(id, "blocked");
        options.notRun(id, "blocked", failedUpstream);
        i = 0; // a block may unblock nothing but can cascade; rescan from the start
        continue;
      }
      const ready = upstream.every((u) => OK.has(status.get(u) as StageRunStatus));
      const mutexes = options.mutexOf(id);
      if (!ready || mutexes.some((m) => heldMutexes.has(m))) {
        i++;
        continue;
      }
      pending.splice(i, 1);
      for (const m of mutexes) heldMutexes.add(m);
      const task = options
        .run(id)
        .catch((): ScheduledOutcome => ({ status: "failed" }))
        .then((outcome) => {
          status.set(id, outcome.status);
          if (!OK.has(outcome.status) && !options.keepGoing) stopped = true;
        })
        .finally(() => {
          for (const m of mutexes) heldMutexes.delete(m);
          running.delete(id);
        });
      running.set(id, task);
    }
  };

  while (pending.length > 0 || running.size > 0) {
    if (options.signal.aborted || stopped) {
      for (const id of pending.splice(0)) {
        const failedUpstream = upstreamIn(id).filter((u) => status.get(u) === "failed" || status.get(u) === "blocked");
        const blocked = failedUpstream.length > 0;
        status.set(id, blocked ? "blocked" : "cancelled");
        options.notRun(id, blocked ? "blocked" : "cancelled", failedUpstream);
      }
    } else {
      startReady();
    }
    if (running.size === 0) {
      if (pending.length === 0) break;
      // Nothing can start (should not happen with a valid DAG): cancel the rest.
      for (const id of pending.splice(0)) {
        status.set(id, "cancelled");
        options.notRun(id, "cancelled", []);
      }
      break;
    }
    await Promise.race(running.values());
  }
  return status;
}
