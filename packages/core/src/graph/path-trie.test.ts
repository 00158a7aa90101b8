import { describe, expect, test } from "bun:test";
import { PathTrie, pathSegments } from "./path-trie";

function trieOf(...paths: string[]): PathTrie<string> {
  const trie = new PathTrie<string>();
  for (const path of paths) trie.set(path, path);
  return trie;
}

describe("PathTrie", () => {
  test("keys ignore trailing slashes and '.' segments", () => {
    expect(pathSegments("data/raw/")).toEqual(["data", "raw"]);
    expect(pathSegments(".")).toEqual([]);
    expect(trieOf("data/raw/").get("data/raw")).toBe("data/raw/");
    expect(trieOf("data/raw").entryAt("data/raw/")?.path).toBe("data/raw");
  });

  test("a shared string prefix is not a shared folder", () => {
    const trie = trieOf("data/train.csv", "data-backup");
    expect(trie.ancestorsOf("data/t")).toEqual([]);
    expect(trie.descendantsOf("data/t")).toEqual([]);
    expect(trie.ancestorsOf("data/x")).toEqual([]);
    expect(trie.descendantsOf("data").map((e) => e.path)).toEqual(["data/train.csv"]);
  });

  test("ancestors are the folders holding a path, outermost first", () => {
    const trie = trieOf("a", "a/b", "a/b/c/d");
    expect(trie.ancestorsOf("a/b/c/d/e").map((e) => e.path)).toEqual(["a", "a/b", "a/b/c/d"]);
    expect(trie.ancestorsOf("a/b").map((e) => e.path)).toEqual(["a"]);
    expect(trie.overlapping("a/b").map((e) => e.path)).toEqual(["a", "a/b", "a/b/c/d"]);
  });

  test("descendants are everything strictly inside, depth first in insertion order", () => {
    const trie = trieOf("m/x", "m/a/2", "m/a/1", "n");
    expect(trie.descendantsOf("m").map((e) => e.path)).toEqual(["m/x", "m/a/2", "m/a/1"]);
    expect(trie.overlapping("m/a").map((e) => e.path)).toEqual(["m/a/2", "m/a/1"]);
    expect(trie.entries().map((e) => e.path)).toEqual(["m/x", "m/a/2", "m/a/1", "n"]);
    expect(trie.size).toBe(4);
  });
});
