import { describe, expect, test } from "bun:test";
import { PivotError } from "../errors/pivot-error";
import { formatAge, parseDuration } from "./duration";

describe("parseDuration", () => {
  test("reads units and combinations", () => {
    expect(parseDuration("45s", "x")).toBe(45_000);
    expect(parseDuration("90m", "x")).toBe(90 * 60_000);
    expect(parseDuration("1d12h", "x")).toBe(36 * 3_600_000);
    expect(parseDuration("2w", "x")).toBe(14 * 86_400_000);
    expect(parseDuration("0", "x")).toBe(0);
    expect(parseDuration("1.5h", "x")).toBe(5_400_000);
  });

  test("refuses what is not a duration, naming the option", () => {
    for (const bad of ["", "10", "3 days", "d", "1d-2h", "1y"]) {
      const error = (() => {
        try {
          parseDuration(bad, "--grace");
        } catch (e) {
          return e;
        }
      })() as PivotError;
      expect(error).toBeInstanceOf(PivotError);
      expect(error.message).toContain("--grace");
    }
  });
});

describe("formatAge", () => {
  test("shows the two largest units", () => {
    expect(formatAge(90_061_000)).toBe("1d 1h");
    expect(formatAge(86_400_000)).toBe("1d");
    expect(formatAge(61_000)).toBe("1m 1s");
    expect(formatAge(250)).toBe("250ms");
  });
});
