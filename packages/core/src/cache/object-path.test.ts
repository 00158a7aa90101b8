import { expect, test } from "bun:test";
import { join } from "node:path";
import { PivotError } from "../errors/pivot-error";
import { objectPath } from "./object-path";

const H = "6bba86c7e069f56d5a10b435f1c8e49c";

test("objects live under files/<first two hex>/<rest>", () => {
  expect(objectPath("/c", H)).toBe(join("/c", "files", "6b", "ba86c7e069f56d5a10b435f1c8e49c"));
});

test("a directory hash keeps its .dir suffix in the object name", () => {
  expect(objectPath("/c", `${H}.dir`)).toBe(join("/c", "files", "6b", "ba86c7e069f56d5a10b435f1c8e49c.dir"));
});

test("malformed hashes are CACHE_CORRUPT errors", () => {
  for (const bad of ["", "abc", H.toUpperCase(), `${H}0`, `${H}.DIR`, `${H}.tree`, "../../../../etc/passwd", `${H.slice(0, 30)}/x`]) {
    expect(() => objectPath("/c", bad)).toThrow(PivotError);
    try {
      objectPath("/c", bad);
    } catch (error) {
      expect((error as PivotError).code).toBe("CACHE_CORRUPT");
    }
  }
});
