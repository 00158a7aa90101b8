import { afterAll, expect, test } from "bun:test";
import { chmodSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { addDirectoryToCache, addFileToCache, hasObject } from "./cache-add";
import { makeTempRoot, writeTree } from "./cache-test-support";
import { dropCorruptObjects } from "./drop-corrupt";
import { objectPath } from "./object-path";

const root = makeTempRoot();
afterAll(() => rmSync(root, { recursive: true, force: true }));

function damage(path: string, content: string): void {
  chmodSync(path, 0o644);
  writeFileSync(path, content);
}

test("an intact object is kept; a damaged file object is removed", async () => {
  const cache = join(root, "c1");
  writeTree(join(root, "w1"), { "a.txt": "intact", "b.txt": "will rot" });
  const intact = await addFileToCache(cache, join(root, "w1/a.txt"));
  const rotten = await addFileToCache(cache, join(root, "w1/b.txt"));
  damage(objectPath(cache, rotten), "WILL ROT");
  expect(await dropCorruptObjects(cache, intact)).toEqual([]);
  expect(await dropCorruptObjects(cache, rotten)).toEqual([rotten]);
  expect(hasObject(cache, intact)).toBe(true);
  expect(hasObject(cache, rotten)).toBe(false);
});

test("for a directory, only its damaged file objects go; a damaged manifest goes itself", async () => {
  const cache = join(root, "c2");
  writeTree(join(root, "w2"), { "a.txt": "aaa", "b.txt": "bbb" });
  const dir = await addDirectoryToCache(cache, join(root, "w2"));
  const [a, b] = [await addFileToCache(cache, join(root, "w2/a.txt")), await addFileToCache(cache, join(root, "w2/b.txt"))];
  damage(objectPath(cache, b), "BBB");
  expect(await dropCorruptObjects(cache, dir)).toEqual([b]);
  expect([hasObject(cache, dir), hasObject(cache, a), hasObject(cache, b)]).toEqual([true, true, false]);
  damage(objectPath(cache, dir), "{}");
  expect(await dropCorruptObjects(cache, dir)).toEqual([dir]);
  expect(await dropCorruptObjects(cache, dir)).toEqual([]);
});
