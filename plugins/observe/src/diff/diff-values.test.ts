import { describe, expect, test } from "bun:test";
import { diffValues } from "./diff-values";

describe("diffValues", () => {
  test("reports added, removed, modified and unchanged keys with numeric deltas free of float noise", () => {
    expect(diffValues({ a: 0.1, b: 1, c: "x", d: [1] }, { a: 0.3, b: 1, c: "y", e: true })).toEqual([
      { key: "a", old: 0.1, new: 0.3, delta: 0.2, change: "modified" },
      { key: "b", old: 1, new: 1, change: "unchanged" },
      { key: "c", old: "x", new: "y", change: "modified" },
      { key: "e", new: true, change: "added" },
      { key: "d", old: [1], change: "removed" },
    ]);
  });
});
