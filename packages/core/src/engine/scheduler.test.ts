import { describe, expect, test } from "bun:test";
import type { StageRunStatus } from "../plugin/state-backend";
import { runScheduled } from "./scheduler";

interface Spec {
  upstream?: string[];
  mutex?: string[];
  result?: StageRunStatus;
  ms?: number;
}

async function schedule(stages: Record<string, Spec>, options: { jobs?: number; keepGoing?: boolean; signal?: AbortSignal } = {}) {
  const started: string[] = [];
  const notRun: Array<[string, string, string[]]> = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  const overlaps: string[] = [];
  const activeMutex = new Set<string>();
  const status = await runScheduled({
    order: Object.keys(stages),
    upstreamOf: (id) => stages[id]!.upstream ?? [],
    mutexOf: (id) => stages[id]!.mutex ?? [],
    jobs: options.jobs ?? 4,
    keepGoing: options.keepGoing ?? false,
    signal: options.signal ?? new AbortController().signal,
    run: async (id) => {
      started.push(id);
      for (const m of stages[id]!.mutex ?? []) {
        if (activeMutex.has(m)) overlaps.push(id);
        activeMutex.add(m);
      }
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await Bun.sleep(stages[id]!.ms ?? 5);
      concurrent--;
      for (const m of stages[id]!.mutex ?? []) activeMutex.delete(m);
      return { status: stages[id]!.result ?? "ran" };
    },
    notRun: (id, s, because) => notRun.push([id, s, because]),
  });
  return { status, started, notRun, maxConcurrent, overlaps };
}

describe("runScheduled", () => {
  test("a stage starts only after its upstream succeeded", async () => {
    const { started } = await schedule({ a: {}, b: { upstream: ["a"] }, c: { upstream: ["b"] } });
    expect(started).toEqual(["a", "b", "c"]);
  });

  test("independent stages run concurrently up to jobs", async () => {
    const { maxConcurrent } = await schedule({ a: { ms: 30 }, b: { ms: 30 }, c: { ms: 30 } }, { jobs: 2 });
    expect(maxConcurrent).toBe(2);
  });

  test("stages sharing a mutex group never overlap", async () => {
    const { overlaps, maxConcurrent } = await schedule({ a: { mutex: ["gpu"], ms: 20 }, b: { mutex: ["gpu"], ms: 20 }, c: { ms: 20 } }, { jobs: 3 });
    expect(overlaps).toEqual([]);
    expect(maxConcurrent).toBe(2);
  });

  test("dependents of a failure are blocked, transitively, naming the failed stage", async () => {
    const { status, notRun } = await schedule(
      { bad: { result: "failed" }, mid: { upstream: ["bad"] }, end: { upstream: ["mid"] }, other: { ms: 20 } },
      { keepGoing: true },
    );
    expect(status.get("mid")).toBe("blocked");
    expect(status.get("end")).toBe("blocked");
    expect(status.get("other")).toBe("ran");
    expect(notRun).toContainEqual(["mid", "blocked", ["bad"]]);
    expect(notRun).toContainEqual(["end", "blocked", ["mid"]]);
  });

  test("without keepGoing, nothing new starts after a failure", async () => {
    const { status } = await schedule({ bad: { result: "failed" }, later: {} }, { jobs: 1 });
    expect(status.get("later")).toBe("cancelled");
  });

  test("an aborted signal cancels what has not started", async () => {
    const controller = new AbortController();
    controller.abort();
    const { status, started } = await schedule({ a: {}, b: {} }, { signal: controller.signal });
    expect(started).toEqual([]);
    expect(status.get("a")).toBe("cancelled");
  });

  test("a skipped or restored upstream counts as success", async () => {
    const { status } = await schedule({ a: { result: "skipped" }, b: { result: "restored", upstream: ["a"] }, c: { upstream: ["b"] } });
    expect(status.get("c")).toBe("ran");
  });

  test("a failure blocks a chain of 100 000 stages below it, depth first, each naming the stage above", async () => {
    const stages: Record<string, Spec> = { s0: { result: "failed", ms: 0 } };
    for (let i = 1; i < 100_000; i++) stages[`s${i}`] = { upstream: [`s${i - 1}`] };
    stages.side = { upstream: ["s0"] };
    const { status, notRun } = await schedule(stages, { keepGoing: true });
    expect(status.get("s99999")).toBe("blocked");
    expect(notRun).toHaveLength(100_000);
    expect(notRun[0]).toEqual(["s1", "blocked", ["s0"]]);
    expect(notRun[1]).toEqual(["s2", "blocked", ["s1"]]);
    expect(notRun.at(-1)).toEqual(["side", "blocked", ["s0"]]);
  });

  test("the earliest ready stage whose mutex is free goes first; a held mutex does not hold up later stages", async () => {
    const { started } = await schedule(
      { a: { mutex: ["gpu"], ms: 30 }, b: { mutex: ["gpu"], ms: 5 }, c: { ms: 5 }, d: { upstream: ["c"], ms: 5 } },
      { jobs: 2 },
    );
    expect(started).toEqual(["a", "c", "d", "b"]);
  });
});
