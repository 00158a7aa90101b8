import type { StageRunStatus } from "../plugin/state-backend";

export interface ScheduledOutcome {
  status: StageRunStatus;
}

export interface SchedulerOptions {
  /** Stage ids in topological order. */
  order: readonly string[];
  /** Direct upstream stages of a stage (ids outside `order` are ignored). */
  upstreamOf(id: string): readonly string[];
  /** Mutex groups of a stage. */
  mutexOf(id: string): readonly string[];
  jobs: number;
  /**
   * The slot pool of a stage (its executor's name) and that pool's limit: stages of one pool never
   * exceed its limit, and all stages together never exceed `jobs`. Without it, one pool.
   */
  poolOf?(id: string): string;
  poolLimit?(pool: string): number;
  /** Called once when the run stops starting stages after a failure (not with `keepGoing`). */
  onStop?(): void;
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
 * mutex group at once, preferring earlier stages of the topological order. After a failure, no new
 * stage starts unless `keepGoing`; dependents of a failure are blocked. O(stages + edges).
 */
export async function runScheduled(options: SchedulerOptions): Promise<Map<string, StageRunStatus>> {
  const status = new Map<string, StageRunStatus>();
  const position = new Map(options.order.map((id, i) => [id, i]));
  const waitingOn = new Map<string, number>();
  const downstream = new Map<string, string[]>();
  const failedUpstream = new Map<string, string[]>();
  for (const id of options.order) {
    const upstream = options.upstreamOf(id).filter((u) => position.has(u));
    waitingOn.set(id, upstream.length);
    for (const u of upstream) downstream.set(u, [...(downstream.get(u) ?? []), id]);
  }
  // Ready stages, kept sorted by topological position (small in practice: bounded by the DAG width).
  const ready = options.order.filter((id) => waitingOn.get(id) === 0);
  const running = new Map<string, Promise<void>>();
  const heldMutexes = new Set<string>();
  const inPool = new Map<string, number>();
  const poolOf = (id: string) => options.poolOf?.(id) ?? "";
  const poolFull = (pool: string) => options.poolLimit !== undefined && (inPool.get(pool) ?? 0) >= options.poolLimit(pool);
  let stopped = false;

  const insertReady = (id: string) => {
    const at = position.get(id)!;
    let lo = 0;
    let hi = ready.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (position.get(ready[mid]!)! < at) lo = mid + 1;
      else hi = mid;
    }
    ready.splice(lo, 0, id);
  };

  /** Marks a stage finished and releases (or blocks) its dependents. */
  const finish = (id: string, result: StageRunStatus) => {
    status.set(id, result);
    for (const next of downstream.get(id) ?? []) {
      if (!OK.has(result)) failedUpstream.set(next, [...(failedUpstream.get(next) ?? []), id]);
      const left = waitingOn.get(next)! - 1;
      waitingOn.set(next, left);
      if (left > 0) continue;
      const failed = failedUpstream.get(next);
      if (failed) {
        options.notRun(next, "blocked", failed);
        finish(next, "blocked");
      } else {
        insertReady(next);
      }
    }
  };

  const startReady = () => {
    for (let i = 0; i < ready.length && running.size < options.jobs; ) {
      const id = ready[i]!;
      const mutexes = options.mutexOf(id);
      const pool = poolOf(id);
      if (mutexes.some((m) => heldMutexes.has(m)) || poolFull(pool)) {
        i++;
        continue;
      }
      ready.splice(i, 1);
      for (const m of mutexes) heldMutexes.add(m);
      inPool.set(pool, (inPool.get(pool) ?? 0) + 1);
      const task = options
        .run(id)
        .catch((): ScheduledOutcome => ({ status: "failed" }))
        .then((outcome) => {
          for (const m of mutexes) heldMutexes.delete(m);
          inPool.set(pool, inPool.get(pool)! - 1);
          running.delete(id);
          if (!OK.has(outcome.status) && !options.keepGoing && !stopped) {
            stopped = true;
            options.onStop?.();
          }
          finish(id, outcome.status);
        });
      running.set(id, task);
    }
  };

  for (;;) {
    if (!options.signal.aborted && !stopped) startReady();
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  // Whatever did not start: cancelled (stopped, interrupted, or unreachable).
  for (const id of options.order) {
    if (status.has(id)) continue;
    status.set(id, "cancelled");
    options.notRun(id, "cancelled", []);
  }
  return status;
}
