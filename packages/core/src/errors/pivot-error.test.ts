import { expect, test } from "bun:test";
import { PivotError, isPivotError } from "./pivot-error";

/** The same module loaded a second time: what a plugin's own copy of @pivot/core gives it. */
async function secondCopy(): Promise<typeof import("./pivot-error")> {
  return (await import(`${import.meta.dir}/pivot-error.ts?second-copy`)) as typeof import("./pivot-error");
}

test("an error thrown by another copy of @pivot/core is a PivotError, with its code and hint", async () => {
  const other = await secondCopy();
  expect(other.PivotError).not.toBe(PivotError);
  const error: unknown = new other.PivotError("STAGE_FAILED", "stage 'x' failed", { hint: "Fix it." });
  expect(error instanceof PivotError).toBe(true);
  expect(isPivotError(error)).toBe(true);
  if (!(error instanceof PivotError)) throw new Error("unreachable");
  expect([error.code, error.hint, error.exitCode]).toEqual(["STAGE_FAILED", "Fix it.", 1]);
});

test("plain errors and look-alike objects are not PivotErrors", () => {
  const values: unknown[] = [new Error("x"), { code: "USAGE", message: "x", hint: "y" }, null, "USAGE"];
  expect(values.map((value) => value instanceof PivotError)).toEqual([false, false, false, false]);
});

test("the brand is not one of the error's own properties (it stays out of printed errors)", () => {
  const error = new PivotError("USAGE", "bad option");
  expect(Object.getOwnPropertySymbols(error)).toEqual([]);
  expect(Bun.inspect(error)).not.toContain("pivot.error");
});
