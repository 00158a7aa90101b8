import { expect, test } from "bun:test";
import type { PivotError } from "../errors/pivot-error";
import { repeatedOption } from "./option-values";

test("every value of a repeated option, in order, up to --", () => {
  expect(repeatedOption(["--rev", "main", "-r", "v1", "--rev=HEAD~2", "--", "--rev", "x"], "rev", "r")).toEqual(["main", "v1", "HEAD~2"]);
  expect(repeatedOption(["gc", "--dry-run"], "rev", "r")).toEqual([]);
});

test("an option without its value is a usage error naming it", () => {
  const error = (() => {
    try {
      repeatedOption(["--rev", "--dry-run"], "rev", "r", "a git revision");
    } catch (e) {
      return e as PivotError;
    }
  })();
  expect(error?.code).toBe("USAGE");
  expect(error?.message).toBe("--rev needs a git revision");
});
