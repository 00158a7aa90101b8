import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, constants, copyFileSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PivotError } from "../errors/pivot-error";
import { hashDirectory } from "../hash/hash-dir";
import type { LinkMode } from "../project/config-schema";
import { addDirectoryToCache, addFileToCache } from "./cache-add";
import { linkFromCache } from "./cache-link";
import { allNames, freshWorkspaces, readTree, writeTree } from "./cache-test-support";
import { objectPath } from "./object-path";

const { root, fresh } = freshWorkspaces();

/** Whether this file system can reflink (ext4 and overlayfs cannot; btrfs, xfs and APFS can). */
const canReflink = (() => {
  const src = join(root, "probe-src");
  writeFileSync(src, "probe");
  try {
    copyFileSync(src, join(root, "probe-dst"), constants.COPYFILE_FICLONE_FORCE);
    return true;
  } catch {
    return false;
  }
})();

async function storedFile(content: string) {
  const { cache, work } = fresh();
  writeTree(work, { "src.txt": content });
  const hash = await addFileToCache(cache, join(work, "src.txt"));
  return { cache, work, hash, object: objectPath(cache, hash), target: join(work, "out/restored.txt") };
}

async function errorOf(promise: Promise<unknown>): Promise<PivotError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PivotError);
  return error as PivotError;
}

describe("linkFromCache for a file", () => {
  test("copy gives an independent writable file", async () => {
    const { cache, hash, target } = await storedFile("payload\n");
    expect(await linkFromCache(cache, hash, target, { modes: ["copy"] })).toBe("copy");
    const stat = lstatSync(target);
    expect([stat.isFile(), stat.nlink, stat.mode & 0o777]).toEqual([true, 1, 0o644]);
    expect(readFileSync(target, "utf8")).toBe("payload\n");
  });

  test("hardlink shares the read-only object", async () => {
    const { cache, hash, object, target } = await storedFile("payload\n");
    expect(await linkFromCache(cache, hash, target, { modes: ["hardlink", "copy"] })).toBe("hardlink");
    expect(statSync(target).nlink).toBe(2);
    expect(statSync(target).ino).toBe(statSync(object).ino);
    expect(statSync(target).mode & 0o777).toBe(0o444);
  });

  test("symlink points at the absolute object path", async () => {
    const { cache, hash, object, target } = await storedFile("payload\n");
    expect(await linkFromCache(cache, hash, target, { modes: ["symlink"] })).toBe("symlink");
    expect(lstatSync(target).isSymbolicLink()).toBe(true);
    expect(readlinkSync(target)).toBe(resolve(object));
  });

  test("reflink is used where the file system can, else the next mode", async () => {
    const { cache, hash, target } = await storedFile("payload\n");
    const expected: LinkMode = canReflink ? "reflink" : "hardlink";
    expect(await linkFromCache(cache, hash, target, { modes: ["reflink", "hardlink", "copy"] })).toBe(expected);
    expect(readFileSync(target, "utf8")).toBe("payload\n");
    if (!canReflink) expect(await linkFromCache(cache, hash, target, { modes: ["reflink", "copy"] })).toBe("copy");
  });

  test("when no listed mode works the target is left untouched", async () => {
    if (canReflink) return;
    const { cache, hash, work, target } = await storedFile("payload\n");
    writeTree(work, { "out/restored.txt": "old\n" });
    const error = await errorOf(linkFromCache(cache, hash, target, { modes: ["reflink"] }));
    expect(error.message).toContain("reflink");
    expect(readFileSync(target, "utf8")).toBe("old\n");
    expect(allNames(work).some((n) => n.endsWith(".tmp"))).toBe(false);
  });

  test("an existing target is replaced and exec is honoured for copies", async () => {
    const { cache, hash, work, target } = await storedFile("new\n");
    writeTree(work, { "out/restored.txt": "old\n" });
    await linkFromCache(cache, hash, target, { modes: ["copy"], exec: true });
    expect(readFileSync(target, "utf8")).toBe("new\n");
    expect(statSync(target).mode & 0o777).toBe(0o755);
  });

  test("an executable file is copied even when hardlinks are preferred", async () => {
    const { cache, hash, target } = await storedFile("#!/bin/sh\n");
    expect(await linkFromCache(cache, hash, target, { modes: ["hardlink"], exec: true })).toBe("copy");
    expect(statSync(target).mode & 0o777).toBe(0o755);
  });

  test("an empty file is always a plain new file", async () => {
    const { cache, hash, target } = await storedFile("");
    expect(await linkFromCache(cache, hash, target, { modes: ["hardlink"] })).toBe("copy");
    expect([statSync(target).nlink, statSync(target).size]).toEqual([1, 0]);
  });

  test("verify refuses a corrupt object and leaves the target untouched", async () => {
    const { cache, hash, object, work, target } = await storedFile("payload\n");
    writeTree(work, { "out/restored.txt": "old\n" });
    chmodSync(object, 0o644);
    writeFileSync(object, "pAyload\n");
    const error = await errorOf(linkFromCache(cache, hash, target, { modes: ["hardlink", "copy"], verify: true }));
    expect(error.code).toBe("CACHE_CORRUPT");
    expect(error.message).toContain(hash);
    expect(error.message).toContain(target);
    expect(readFileSync(target, "utf8")).toBe("old\n");
  });

  test("a missing object is CACHE_MISSING and the old target stays", async () => {
    const { cache, hash, object, work, target } = await storedFile("payload\n");
    writeTree(work, { "out/restored.txt": "old\n" });
    rmSync(object);
    const error = await errorOf(linkFromCache(cache, hash, target, { modes: ["copy"] }));
    expect(error.code).toBe("CACHE_MISSING");
    expect(readFileSync(target, "utf8")).toBe("old\n");
    expect(allNames(work).some((n) => n.endsWith(".tmp"))).toBe(false);
  });
});

describe("linkFromCache for a directory", () => {
  const tree = { "a.txt": "a\n", "sub/b.txt": "b\n", "sub/deep/run.sh*": "#!/bin/sh\necho hi\n", "sub/empty": "", "z-dup.txt": "a\n" };

  async function storedDir() {
    const { cache, work } = fresh();
    const src = join(work, "src");
    writeTree(src, tree);
    const hash = await addDirectoryToCache(cache, src);
    return { cache, work, src, hash, target: join(work, "restored") };
  }

  for (const mode of ["copy", "hardlink", "symlink"] as const) {
    test(`a deleted directory comes back identical with ${mode}, exec bits included`, async () => {
      const { cache, src, hash } = await storedDir();
      rmSync(src, { recursive: true });
      expect(await linkFromCache(cache, hash, src, { modes: [mode, "copy"] })).toBe(mode);
      expect(readTree(src)).toEqual(tree);
      expect(await hashDirectory(src)).toBe(hash);
      expect(statSync(join(src, "sub/deep/run.sh")).mode & 0o777).toBe(0o755);
      expect(lstatSync(join(src, "sub/deep/run.sh")).isSymbolicLink()).toBe(false);
    });
  }

  test("hardlinked files of a directory share their objects", async () => {
    const { cache, hash, target } = await storedDir();
    await linkFromCache(cache, hash, target, { modes: ["hardlink"] });
    expect(statSync(join(target, "a.txt")).nlink).toBeGreaterThanOrEqual(3);
    expect(statSync(join(target, "sub/empty")).nlink).toBe(1);
  });

  test("restoring over an existing directory removes files it no longer has", async () => {
    const { cache, hash, target } = await storedDir();
    writeTree(target, { "stale.txt": "old", "a.txt": "changed" });
    await linkFromCache(cache, hash, target, { modes: ["copy"] });
    expect(readTree(target)).toEqual(tree);
  });

  test("a directory can replace a file, and a file a directory", async () => {
    const { cache, work, hash, target } = await storedDir();
    writeFileSync(target, "was a file");
    await linkFromCache(cache, hash, target, { modes: ["copy"] });
    expect(readTree(target)).toEqual(tree);
    writeTree(work, { "single.txt": "single\n" });
    const fileHash = await addFileToCache(cache, join(work, "single.txt"));
    await linkFromCache(cache, fileHash, target, { modes: ["copy"] });
    expect(readFileSync(target, "utf8")).toBe("single\n");
  });

  test("a missing file object fails before the old directory is touched", async () => {
    const { cache, work, hash, target } = await storedDir();
    writeTree(target, { "keep.txt": "keep" });
    rmSync(objectPath(cache, (await addFileToCache(cache, join(work, "src/sub/b.txt")))));
    const error = await errorOf(linkFromCache(cache, hash, target, { modes: ["copy"] }));
    expect(error.code).toBe("CACHE_MISSING");
    expect(error.message).toContain("sub/b.txt");
    expect(readTree(target)).toEqual({ "keep.txt": "keep" });
    expect(allNames(work).some((n) => n.includes(".tmp"))).toBe(false);
  });

  test("verify refuses a directory with a corrupt file object", async () => {
    const { cache, work, hash, target } = await storedDir();
    const object = objectPath(cache, await addFileToCache(cache, join(work, "src/sub/b.txt")));
    chmodSync(object, 0o644);
    writeFileSync(object, "B\n");
    const error = await errorOf(linkFromCache(cache, hash, target, { modes: ["copy"], verify: true }));
    expect(error.code).toBe("CACHE_CORRUPT");
    expect(lstatSync(target, { throwIfNoEntry: false })).toBeUndefined();
  });
});
