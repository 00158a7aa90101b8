import { describe, expect, test } from "bun:test";
import { PivotError } from "../errors/pivot-error";
import { isTransientError, transientError } from "./remote-errors";
import { backoffMs, withRetry } from "./retry";

describe("isTransientError", () => {
  test("network codes, 5xx/429 and marked errors are transient", () => {
    expect(isTransientError(Object.assign(new Error("x"), { code: "ECONNRESET" }))).toBe(true);
    expect(isTransientError(Object.assign(new Error("x"), { code: "ConnectionRefused" }))).toBe(true);
    expect(isTransientError(Object.assign(new Error("x"), { status: 503 }))).toBe(true);
    expect(isTransientError(Object.assign(new Error("x"), { statusCode: 429 }))).toBe(true);
    expect(isTransientError(transientError("flaky"))).toBe(true);
  });

  test("PivotErrors, 4xx and plain errors are not", () => {
    expect(isTransientError(new PivotError("REMOTE_AUTH_FAILED", "no"))).toBe(false);
    expect(isTransientError(Object.assign(new Error("x"), { status: 404 }))).toBe(false);
    expect(isTransientError(new Error("disk full"))).toBe(false);
    expect(isTransientError(Object.assign(new Error("x"), { code: "ECONNRESET", transient: false }))).toBe(false);
  });
});

describe("withRetry", () => {
  test("retries a transient failure until it succeeds", async () => {
    let attempts = 0;
    const retried: number[] = [];
    const result = await withRetry(
      async () => {
        attempts += 1;
        if (attempts < 3) throw transientError("again");
        return "ok";
      },
      { retries: 4, baseDelayMs: 1 },
      (attempt) => retried.push(attempt),
    );
    expect(result).toBe("ok");
    expect(retried).toEqual([1, 2]);
  });

  test("gives up after `retries` and rethrows the last failure", async () => {
    let attempts = 0;
    const run = withRetry(async () => {
      attempts += 1;
      throw transientError(`attempt ${attempts}`);
    }, { retries: 2, baseDelayMs: 1 });
    await expect(run).rejects.toThrow("attempt 3");
  });

  test("does not retry a failure that is not transient", async () => {
    let attempts = 0;
    const run = withRetry(async () => {
      attempts += 1;
      throw new Error("bad request");
    }, { retries: 5, baseDelayMs: 1 });
    await expect(run).rejects.toThrow("bad request");
    expect(attempts).toBe(1);
  });

  test("back-off doubles per attempt, with jitter, up to the cap", () => {
    const policy = { retries: 10, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffMs(1, policy)).toBeGreaterThanOrEqual(75);
    expect(backoffMs(1, policy)).toBeLessThanOrEqual(125);
    expect(backoffMs(3, policy)).toBeGreaterThanOrEqual(300);
    expect(backoffMs(10, policy)).toBeLessThanOrEqual(1250);
  });
});
