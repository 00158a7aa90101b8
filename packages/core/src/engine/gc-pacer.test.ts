import { describe, expect, test } from "bun:test";
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

  test("the default collections run under Bun and free what is no longer reachable", async () => {
    // Objects referenced only weakly; a WeakRef holds its target until the current job ends.
    const garbage = (count: number) => Array.from({ length: count }, (_, i) => new WeakRef({ i }));
    const alive = (refs: WeakRef<object>[]) => refs.filter((ref) => ref.deref() !== undefined).length;
    const young = garbage(1000);
    await Bun.sleep(0);
    new GcPacer(1, () => undefined).tick();
    expect(alive(young)).toBe(1000);
    await Bun.sleep(0); // `deref` kept them for the job that called it
    new GcPacer(1).tick();
    expect(alive(young)).toBeLessThan(100);
    const old = garbage(1000);
    await Bun.sleep(0);
    GcPacer.betweenPhases(FULL_GC_MIN_STAGES);
    expect(alive(old)).toBeLessThan(100);
  });
});
