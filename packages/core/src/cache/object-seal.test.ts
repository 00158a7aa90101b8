import { afterAll, describe, expect, test } from "bun:test";
import { linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hashFile } from "../hash/hash-file";
import { addFileToCache } from "./cache-add";
import { freshWorkspaces, writeTree } from "./cache-test-support";
import { isSealed } from "./object-seal";
import { objectPath } from "./object-path";

const { root, fresh } = freshWorkspaces();

describe("sealed objects", () => {
  test("an object entering the cache is sealed: read-only with the fixed mtime", async () => {
    const { cache, work } = fresh();
    writeTree(work, { "a.txt": "content\n" });
    const hash = await addFileToCache(cache, join(work, "a.txt"));
    const stat = statSync(objectPath(cache, hash));
    expect(isSealed(stat)).toBe(true);
    expect(stat.mode & 0o777).toBe(0o444);
  });

  test("a write through a hardlink unseals the object, even when permissions do not stop it", async () => {
    const { cache, work } = fresh();
    writeTree(work, { "a.txt": "content\n" });
    const hash = await addFileToCache(cache, join(work, "a.txt"));
    const linked = join(work, "linked.txt");
    linkSync(objectPath(cache, hash), linked);
    try {
      writeFileSync(linked, "CONTENT\n");
    } catch {
      return; // not root: 0o444 refused the write, which is the point of it
    }
    expect(isSealed(statSync(objectPath(cache, hash)))).toBe(false);
  });

  test("adding content whose object was altered in place (same size) replaces the damaged object", async () => {
    const { cache, work } = fresh();
    writeTree(work, { "a.txt": "content\n" });
    const hash = await hashFile(join(work, "a.txt"));
    await addFileToCache(cache, join(work, "a.txt"), hash);
    const object = objectPath(cache, hash);
    const linked = join(work, "linked.txt");
    linkSync(object, linked);
    try {
      writeFileSync(linked, "CONTENT\n");
    } catch {
      return; // not root: nothing could be damaged
    }
    expect(await hashFile(object)).not.toBe(hash);
    await addFileToCache(cache, join(work, "a.txt"), hash);
    expect(readFileSync(object, "utf8")).toBe("content\n");
    expect(isSealed(statSync(object))).toBe(true);
    expect(readFileSync(linked, "utf8")).toBe("CONTENT\n");
  });
});
