import { describe, expect, test } from "bun:test";
import { GC_EVERY_STAGES, GcPacer } from "./gc-pacer";

describe("GcPacer", () => {
  test("hints a collection once every N stages, never in a shorter loop", () => {
    let hints = 0;
    const pacer = new GcPacer(100, () => hints++);
    for (let i = 0; i < 99; i++) pacer.tick();
    expect(hints).toBe(0);
    pacer.tick();
    expect(hints).toBe(1);
    for (let i = 0; i < 250; i++) pacer.tick();
    expect(hints).toBe(3);
  });

  test("after a burst: a hint only for a large one", () => {
    let hints = 0;
    GcPacer.afterBurst(GC_EVERY_STAGES - 1, () => hints++);
    expect(hints).toBe(0);
    GcPacer.afterBurst(GC_EVERY_STAGES, () => hints++);
    expect(hints).toBe(1);
  });

  test("the default hint runs under Bun without waiting for a collection", () => {
    const pacer = new GcPacer(1);
    expect(() => pacer.tick()).not.toThrow();
  });
});
