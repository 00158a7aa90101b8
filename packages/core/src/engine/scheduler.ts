import { adjacency } from "../graph/adjacency";
import { MinHeap } from "../graph/min-heap";
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
 * Direct downstream stages of each stage of `order`, by position in it (ascending), and how many
 * upstream stages each waits on. One pair of arrays for the whole run.
 */
function downstreamByPosition(order: readonly string[], position: ReadonlyMap<string, number>, upstreamOf: (id: string) => readonly string[]) {
  const producers: number[] = [];
  const consumers: number[] = [];
  order.forEach((id, at) => {
    for (const up of upstreamOf(id)) {
      const from = position.get(up);
      if (from === undefined) continue;
      producers.push(from);
      consumers.push(at);
    }
  });
  const waitingOn = new Int32Array(order.length);
  for (const at of consumers) waitingOn[at]! += 1;
  return { ...adjacency(order.length, producers, consumers), waitingOn };
}

/**
 * Runs stages on `jobs` slots as soon as their upstream stages succeeded, never two stages of one
 * mutex group at once, preferring earlier stages of the topological order. After a failure, no new
 * stage starts unless `keepGoing`; dependents of a failure are blocked. O((stages + edges) · log
 * stages), on arrays indexed by position in `order` (no list or map entry per edge).
 */
export async function runScheduled(options: SchedulerOptions): Promise<Map<string, StageRunStatus>> {
  const { order } = options;
  const status = new Map<string, StageRunStatus>();
  const position = new Map<string, number>();
  order.forEach((id, at) => position.set(id, at));
  const downstream = downstreamByPosition(order, position, options.upstreamOf);
  const { waitingOn } = downstream;
  const failedUpstream = new Map<number, string[]>();
  // Stages free to start, earliest position first.
  const ready = new MinHeap();
  for (let at = 0; at < order.length; at++) if (waitingOn[at] === 0) ready.push(at);
  const running = new Map<number, Promise<void>>();
  const heldMutexes = new Set<string>();
  const inPool = new Map<string, number>();
  const poolOf = (id: string) => options.poolOf?.(id) ?? "";
  const poolFull = (pool: string) => options.poolLimit !== undefined && (inPool.get(pool) ?? 0) >= options.poolLimit(pool);
  let stopped = false;

  /**
   * Marks a stage finished and releases (or blocks) its dependents: a blocked dependent is
   * reported and finished in turn, depth first, without recursion (a chain can be 100 000 long).
   */
  const finish = (first: number, firstResult: StageRunStatus) => {
    status.set(order[first]!, firstResult);
    const frames = [{ at: first, ok: OK.has(firstResult), next: downstream.starts[first]! }];
    for (let frame = frames.at(-1); frame !== undefined; frame = frames.at(-1)) {
      if (frame.next >= downstream.starts[frame.at + 1]!) {
        frames.pop();
        continue;
      }
      const next = downstream.items[frame.next++]!;
      if (!frame.ok) failedUpstream.set(next, [...(failedUpstream.get(next) ?? []), order[frame.at]!]);
      waitingOn[next]! -= 1;
      if (waitingOn[next]! > 0) continue;
      const failed = failedUpstream.get(next);
      if (failed === undefined) {
        ready.push(next);
        continue;
      }
      failedUpstream.delete(next);
      options.notRun(order[next]!, "blocked", failed);
      status.set(order[next]!, "blocked");
      frames.push({ at: next, ok: false, next: downstream.starts[next]! });
    }
  };

  const start = (at: number, mutexes: readonly string[], pool: string) => {
    for (const m of mutexes) heldMutexes.add(m);
    inPool.set(pool, (inPool.get(pool) ?? 0) + 1);
    const task = options
      .run(order[at]!)
      .catch((): ScheduledOutcome => ({ status: "failed" }))
      .then((outcome) => {
        for (const m of mutexes) heldMutexes.delete(m);
        inPool.set(pool, inPool.get(pool)! - 1);
        running.delete(at);
        if (!OK.has(outcome.status) && !options.keepGoing && !stopped) {
          stopped = true;
          options.onStop?.();
        }
        finish(at, outcome.status);
      });
    running.set(at, task);
  };

  /** Starts the earliest ready stages whose mutex groups and pool are free, up to `jobs`. */
  const startReady = () => {
    const waiting: number[] = [];
    while (running.size < options.jobs) {
      const at = ready.pop();
      if (at === undefined) break;
      const id = order[at]!;
      const mutexes = options.mutexOf(id);
      const pool = poolOf(id);
      if (mutexes.some((m) => heldMutexes.has(m)) || poolFull(pool)) waiting.push(at);
      else start(at, mutexes, pool);
    }
    for (const at of waiting) ready.push(at);
  };

  for (;;) {
    if (!options.signal.aborted && !stopped) startReady();
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  // Whatever did not start: cancelled (stopped, interrupted, or unreachable).
  for (const id of order) {
    if (status.has(id)) continue;
    status.set(id, "cancelled");
    options.notRun(id, "cancelled", []);
  }
  return status;
}
