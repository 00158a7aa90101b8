import { describe, expect, test } from "bun:test";
import { heapStats } from "bun:jsc";
import { FULL_GC_MIN_STAGES, GcPacer } from "./gc-pacer";

describe("GcPacer", () => {
  test("collects once every N ticks, never in a shorter loop", () => {
    let collections = 0;
    const pacer = new GcPacer(100, () => collections++);
    for (let i = 0; i < 99; i++) pacer.tick();
    expect(collections).toBe(0);
    pacer.tick();
    expect(collections).toBe(1);
    for (let i = 0; i < 250; i++) pacer.tick();
    expect(collections).toBe(3);
  });

  test("between phases: a full collection only for a large pipeline", () => {
    let collections = 0;
    GcPacer.betweenPhases(FULL_GC_MIN_STAGES - 1, () => collections++);
    expect(collections).toBe(0);
    GcPacer.betweenPhases(FULL_GC_MIN_STAGES, () => collections++);
    expect(collections).toBe(1);
  });

  test("the default collections run under Bun and free what is no longer reachable", () => {
    const countArrays = () => heapStats().objectTypeCounts.Array ?? 0;
    GcPacer.betweenPhases(FULL_GC_MIN_STAGES);
    const before = countArrays();
    let garbage: number[][] | undefined = Array.from({ length: 50_000 }, (_, i) => [i]);
    expect(countArrays()).toBeGreaterThan(before + 40_000);
    garbage = undefined;
    const pacer = new GcPacer(1);
    pacer.tick();
    GcPacer.betweenPhases(FULL_GC_MIN_STAGES);
    expect(garbage).toBeUndefined();
    expect(countArrays()).toBeLessThan(before + 10_000);
  });
});
