import { expect, test } from "bun:test";
import { mapWithConcurrency } from "./map-with-concurrency";

test("never runs more calls at once than asked and keeps input order", async () => {
  let running = 0;
  let peak = 0;
  const out = await mapWithConcurrency([5, 1, 4, 2, 3], 2, async (n) => {
    running += 1;
    peak = Math.max(peak, running);
    await Bun.sleep(n);
    running -= 1;
    return n * 10;
  });
  expect(out).toEqual([50, 10, 40, 20, 30]);
  expect(peak).toBe(2);
});

test("after a failure no new call starts and the first error is thrown", async () => {
  const started: number[] = [];
  const run = mapWithConcurrency([1, 2, 3, 4, 5], 1, async (n) => {
    started.push(n);
    if (n === 2) throw new Error("boom");
    return n;
  });
  await expect(run).rejects.toThrow("boom");
  await run.catch(() => undefined);
  expect(started).toEqual([1, 2]);
});
