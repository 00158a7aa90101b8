import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseManifest } from "../hash/dir-manifest";
import { addDirectoryToCache, addFileToCache } from "./cache-add";
import { freshWorkspaces, writeTree } from "./cache-test-support";
import { verifyObject } from "./cache-verify";
import { objectPath } from "./object-path";

const { root, fresh } = freshWorkspaces();

/** Damages an object the way a stray write would: make it writable, flip its first byte. */
function corrupt(path: string): void {
  chmodSync(path, 0o644);
  const bytes = readFileSync(path);
  bytes[0] = (bytes[0] ?? 0) ^ 0xff;
  writeFileSync(path, bytes);
  chmodSync(path, 0o444);
}

describe("verifyObject on files", () => {
  test("an intact object verifies", async () => {
    const { cache, work } = fresh();
    writeTree(work, { "a.txt": "alpha\n" });
    expect(await verifyObject(cache, await addFileToCache(cache, join(work, "a.txt")))).toEqual({ ok: true });
  });

  test("a changed byte is reported as corrupt", async () => {
    const { cache, work } = fresh();
    writeTree(work, { "a.txt": "alpha\n" });
    const hash = await addFileToCache(cache, join(work, "a.txt"));
    corrupt(objectPath(cache, hash));
    const result = await verifyObject(cache, hash);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toBe("corrupt");
  });

  test("an absent object is reported as missing", async () => {
    const { cache } = fresh();
    const result = await verifyObject(cache, "0123456789abcdef0123456789abcdef");
    expect(!result.ok && result.problem).toBe("missing");
  });
});

describe("verifyObject on directories", () => {
  async function storedDir() {
    const { cache, work } = fresh();
    writeTree(work, { "a.txt": "a\n", "sub/b.txt": "b\n" });
    return { cache, hash: await addDirectoryToCache(cache, work) };
  }

  test("an intact directory verifies, shallow and deep", async () => {
    const { cache, hash } = await storedDir();
    expect(await verifyObject(cache, hash)).toEqual({ ok: true });
    expect(await verifyObject(cache, hash, { deep: true })).toEqual({ ok: true });
  });

  test("a damaged manifest is corrupt", async () => {
    const { cache, hash } = await storedDir();
    corrupt(objectPath(cache, hash));
    expect(await verifyObject(cache, hash)).toMatchObject({ ok: false, problem: "corrupt" });
  });

  test("a missing file object makes the directory missing, naming the file", async () => {
    const { cache, hash } = await storedDir();
    const manifest = parseManifest(readFileSync(objectPath(cache, hash)));
    const sub = manifest.entries.find((e) => e.path === "sub/b.txt");
    rmSync(objectPath(cache, sub?.hash ?? ""));
    const result = await verifyObject(cache, hash);
    expect(result).toMatchObject({ ok: false, problem: "missing" });
    expect(!result.ok && result.detail).toContain("sub/b.txt");
  });

  test("a corrupt file object is found only by a deep check", async () => {
    const { cache, hash } = await storedDir();
    const manifest = parseManifest(readFileSync(objectPath(cache, hash)));
    corrupt(objectPath(cache, manifest.entries[0]?.hash ?? ""));
    expect(await verifyObject(cache, hash)).toEqual({ ok: true });
    expect(await verifyObject(cache, hash, { deep: true })).toMatchObject({ ok: false, problem: "corrupt" });
  });
});
