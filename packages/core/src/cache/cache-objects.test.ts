import { afterAll, expect, test } from "bun:test";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hashFile } from "../hash/hash-file";
import { addDirectoryToCache, addFileToCache } from "./cache-add";
import { listCacheObjects, removeEmptyShards } from "./cache-objects";
import { makeTempRoot, writeTree } from "./cache-test-support";

const root = makeTempRoot();
afterAll(() => rmSync(root, { recursive: true, force: true }));

test("lists file and manifest objects with their sizes, temp files apart, and ignores foreign names", async () => {
  const cache = join(root, "cache");
  writeTree(join(root, "work"), { "a.txt": "aaa", "dir/b.txt": "bb" });
  const file = await addFileToCache(cache, join(root, "work/a.txt"));
  const dir = await addDirectoryToCache(cache, join(root, "work/dir"));
  writeFileSync(join(cache, "files", "README"), "not an object");
  mkdirSync(join(cache, "files", "zz"));
  writeFileSync(join(cache, "files", "zz", "nothex"), "x");
  writeFileSync(join(cache, "files", file.slice(0, 2), `.${file.slice(2)}.1.2.tmp`), "partial");
  const listing = listCacheObjects(cache);
  const inner = await hashFile(join(root, "work/dir/b.txt"));
  expect(listing.objects.map((o) => o.hash).sort()).toEqual([file, dir, inner].sort());
  expect(listing.objects.find((o) => o.hash === file)?.sizeBytes).toBe(3);
  expect(listing.objects.some((o) => o.hash === dir)).toBe(true);
  expect(listing.temps).toHaveLength(1);
  expect(listing.temps[0]!.ageMs).toBeLessThan(60_000);
});

test("empty shard folders are removed, others kept", async () => {
  const cache = join(root, "cache2");
  writeTree(join(root, "work2"), { "a.txt": "x" });
  const hash = await addFileToCache(cache, join(root, "work2/a.txt"));
  mkdirSync(join(cache, "files", "ab"), { recursive: true });
  removeEmptyShards(cache);
  expect(existsSync(join(cache, "files", "ab"))).toBe(false);
  expect(existsSync(join(cache, "files", hash.slice(0, 2)))).toBe(true);
});
