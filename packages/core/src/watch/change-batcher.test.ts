import { describe, expect, test } from "bun:test";
import { ChangeBatcher } from "./change-batcher";

describe("ChangeBatcher", () => {
  test("changes inside the debounce window come out as one batch", async () => {
    const batcher = new ChangeBatcher({ debounceMs: 80 });
    const started = performance.now();
    batcher.push("a");
    await Bun.sleep(30);
    batcher.push("b");
    batcher.push("a");
    expect(await batcher.next()).toEqual(["a", "b"]);
    // The second change restarted the quiet period.
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
  });

  test("a batch is handed over only after the quiet period", async () => {
    const batcher = new ChangeBatcher({ debounceMs: 60 });
    batcher.push("a");
    const early = await Promise.race([batcher.next(), Bun.sleep(20).then(() => "not yet")]);
    expect(early).toBe("not yet");
    expect(await batcher.next()).toEqual(["a"]);
  });

  test("changes arriving while nobody waits are kept for the next call", async () => {
    let readyWhileBusy = 0;
    const batcher = new ChangeBatcher({ debounceMs: 10, onReadyWhileBusy: () => readyWhileBusy++ });
    batcher.push("x");
    batcher.push("y");
    await Bun.sleep(60);
    expect(readyWhileBusy).toBe(1);
    expect(batcher.pending()).toEqual(["x", "y"]);
    expect(await batcher.next()).toEqual(["x", "y"]);
    expect(batcher.size).toBe(0);
  });

  test("a file changing non-stop is still handled after the maximum wait", async () => {
    const batcher = new ChangeBatcher({ debounceMs: 50, maxWaitMs: 120 });
    const next = batcher.next();
    const started = performance.now();
    let got: string[] | undefined;
    void next.then((batch) => (got = batch));
    while (got === undefined && performance.now() - started < 1000) {
      batcher.push("busy.log");
      await Bun.sleep(10);
    }
    expect(got).toEqual(["busy.log"]);
    expect(performance.now() - started).toBeLessThan(600);
  });

  test("close ends a pending wait with undefined and ignores later changes", async () => {
    const batcher = new ChangeBatcher({ debounceMs: 10 });
    const next = batcher.next();
    batcher.close();
    expect(await next).toBeUndefined();
    batcher.push("late");
    expect(await batcher.next()).toBeUndefined();
  });
});
