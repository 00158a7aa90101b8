import { expect, test } from "bun:test";
import type { DirManifest } from "../hash/dir-manifest";
import { diffManifests, listSome } from "./manifest-diff";

const H = (c: string) => c.repeat(32);
const manifest = (...entries: Array<[string, string, boolean?]>): DirManifest => ({
  version: 1,
  entries: entries.map(([path, hash, exec]) => ({ path, hash, size: 1, exec: exec ?? false })),
});

test("a workspace folder is compared file by file: missing, modified (content or exec bit), extra", () => {
  const cached = manifest(["a", H("a")], ["b", H("b")], ["c", H("c")], ["run.sh", H("d"), true]);
  const current = manifest(["b", H("b")], ["c", H("e")], ["new", H("f")], ["run.sh", H("d"), false]);
  expect(diffManifests(current, cached)).toEqual({ missing: ["a"], modified: ["c", "run.sh"], extra: ["new"] });
});

test("long lists are shortened", () => {
  expect(listSome(["a", "b"])).toBe("a, b");
  expect(listSome(["a", "b", "c", "d", "e"])).toBe("a, b, c and 2 more");
});
