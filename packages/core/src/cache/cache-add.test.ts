import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PivotError } from "../errors/pivot-error";
import { parseManifest } from "../hash/dir-manifest";
import { buildDirManifest, hashDirectory } from "../hash/hash-dir";
import { hashFile } from "../hash/hash-file";
import { addDirectoryToCache, addFileToCache, hasObject } from "./cache-add";
import { allNames, freshWorkspaces, writeTree } from "./cache-test-support";
import { objectPath } from "./object-path";

const { root, fresh } = freshWorkspaces();

describe("addFileToCache", () => {
  test("stores a read-only object with identical content at its hash path", async () => {
    const { cache, work } = fresh();
    const file = join(work, "data.txt");
    writeFileSync(file, "some data\n");
    const hash = await addFileToCache(cache, file);
    expect(hash).toBe(await hashFile(file));
    const object = objectPath(cache, hash);
    expect(readFileSync(object, "utf8")).toBe("some data\n");
    expect(statSync(object).mode & 0o777).toBe(0o444);
    expect(hasObject(cache, hash)).toBe(true);
  });

  test("a given hash is trusted and used as the object name", async () => {
    const { cache, work } = fresh();
    const file = join(work, "data.txt");
    writeFileSync(file, "x");
    const hash = await hashFile(file);
    expect(await addFileToCache(cache, file, hash)).toBe(hash);
    expect(readFileSync(objectPath(cache, hash), "utf8")).toBe("x");
  });

  test("adding the same content twice leaves the first object in place", async () => {
    const { cache, work } = fresh();
    writeTree(work, { "a.txt": "same\n", "b.txt": "same\n" });
    const hash = await addFileToCache(cache, join(work, "a.txt"));
    const before = statSync(objectPath(cache, hash), { bigint: true });
    expect(await addFileToCache(cache, join(work, "b.txt"))).toBe(hash);
    expect(await addFileToCache(cache, join(work, "b.txt"), hash)).toBe(hash);
    const after = statSync(objectPath(cache, hash), { bigint: true });
    expect([after.ino, after.mtimeNs]).toEqual([before.ino, before.mtimeNs]);
  });

  test("an existing object of the wrong size is replaced", async () => {
    const { cache, work } = fresh();
    writeTree(work, { "a.txt": "right content\n" });
    const hash = await hashFile(join(work, "a.txt"));
    const object = objectPath(cache, hash);
    mkdirSync(join(object, ".."), { recursive: true });
    writeFileSync(object, "trunc");
    chmodSync(object, 0o444);
    await addFileToCache(cache, join(work, "a.txt"), hash);
    expect(readFileSync(object, "utf8")).toBe("right content\n");
  });

  test("empty files are stored too", async () => {
    const { cache, work } = fresh();
    writeTree(work, { empty: "" });
    const hash = await addFileToCache(cache, join(work, "empty"));
    expect(hash).toBe("99aa06d3014798d86001c324468d497f");
    expect(readFileSync(objectPath(cache, hash)).length).toBe(0);
  });

  test("a missing source is a HASH_FAILED error and leaves no temp file", async () => {
    const { cache, work } = fresh();
    const error = await addFileToCache(cache, join(work, "missing")).catch((e: unknown) => e);
    expect((error as PivotError).code).toBe("HASH_FAILED");
    writeTree(work, { "a.txt": "a" });
    await addFileToCache(cache, join(work, "a.txt"));
    expect(allNames(cache).some((n) => n.endsWith(".tmp"))).toBe(false);
  });
});

describe("addDirectoryToCache", () => {
  test("stores every file and the manifest, and returns the directory hash", async () => {
    const { cache, work } = fresh();
    writeTree(work, { "a.txt": "a\n", "sub/b.txt": "b\n", "sub/deep/run.sh*": "#!/bin/sh\n", "sub/empty": "" });
    const manifest = await buildDirManifest(work);
    const hash = await addDirectoryToCache(cache, work, manifest);
    expect(hash).toBe(await hashDirectory(work));
    for (const entry of manifest.entries) expect(hasObject(cache, entry.hash)).toBe(true);
    const stored = readFileSync(objectPath(cache, hash));
    expect(parseManifest(stored)).toEqual(manifest);
    expect(statSync(objectPath(cache, hash)).mode & 0o777).toBe(0o444);
    expect(await addDirectoryToCache(cache, work)).toBe(hash);
    expect(allNames(cache).some((n) => n.endsWith(".tmp"))).toBe(false);
  });
});
