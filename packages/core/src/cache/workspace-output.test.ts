import { afterAll, describe, expect, test } from "bun:test";
import { appendFileSync, lstatSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { addDirectoryToCache, addFileToCache } from "./cache-add";
import { linkFromCache } from "./cache-link";
import { allNames, freshWorkspaces, readTree, writeTree } from "./cache-test-support";
import { objectPath } from "./object-path";
import { breakLink, removeOutput } from "./workspace-output";

const { root, fresh } = freshWorkspaces();

async function linkedOutput(mode: "hardlink" | "symlink") {
  const { cache, work } = fresh();
  writeTree(work, { "src.txt": "cached\n" });
  const hash = await addFileToCache(cache, join(work, "src.txt"));
  const out = join(work, "out.txt");
  await linkFromCache(cache, hash, out, { modes: [mode] });
  return { cache, work, out, object: objectPath(cache, hash) };
}

describe("breakLink", () => {
  test("a hardlinked output becomes a writable copy, so writing to it leaves the object alone", async () => {
    const { out, object } = await linkedOutput("hardlink");
    expect(breakLink(out)).toBe(1);
    expect(statSync(out).nlink).toBe(1);
    expect(statSync(out).mode & 0o777).toBe(0o644);
    appendFileSync(out, "more\n");
    expect(readFileSync(object, "utf8")).toBe("cached\n");
    expect(statSync(object).mode & 0o777).toBe(0o444);
  });

  test("a symlink into the cache becomes a regular writable file", async () => {
    const { cache, out, object } = await linkedOutput("symlink");
    expect(breakLink(out, { cacheDir: cache })).toBe(1);
    expect(lstatSync(out).isFile()).toBe(true);
    writeFileSync(out, "overwritten\n");
    expect(readFileSync(object, "utf8")).toBe("cached\n");
  });

  test("with a cacheDir, symlinks pointing elsewhere are kept", async () => {
    const { cache, work } = fresh();
    writeTree(work, { "elsewhere.txt": "mine\n" });
    symlinkSync(join(work, "elsewhere.txt"), join(work, "link.txt"));
    expect(breakLink(join(work, "link.txt"), { cacheDir: cache })).toBe(0);
    expect(lstatSync(join(work, "link.txt")).isSymbolicLink()).toBe(true);
  });

  test("every linked file of a directory output is broken, plain files are left as they are", async () => {
    const { cache, work } = fresh();
    const src = join(work, "src");
    writeTree(src, { "a.txt": "a\n", "sub/b.txt": "b\n", "sub/run*": "#!/bin/sh\n" });
    const hash = await addDirectoryToCache(cache, src);
    const out = join(work, "out");
    await linkFromCache(cache, hash, out, { modes: ["hardlink", "copy"] });
    expect(breakLink(out)).toBe(2);
    expect(readTree(out)).toEqual(readTree(src));
    for (const name of ["a.txt", "sub/b.txt"]) expect(statSync(join(out, name)).nlink).toBe(1);
  });

  test("a missing path breaks nothing", () => {
    expect(breakLink(join(root, "nothing-here"))).toBe(0);
  });
});

describe("removeOutput", () => {
  test("removes a linked directory without touching the cache objects it points to", async () => {
    const { cache, work } = fresh();
    const src = join(work, "src");
    writeTree(src, { "a.txt": "a\n", "sub/b.txt": "b\n" });
    const hash = await addDirectoryToCache(cache, src);
    const hard = join(work, "hard");
    const soft = join(work, "soft");
    await linkFromCache(cache, hash, hard, { modes: ["hardlink"] });
    await linkFromCache(cache, hash, soft, { modes: ["symlink"] });
    const objects = allNames(join(cache, "files")).filter((n) => n.length > 2);
    expect(removeOutput(hard)).toBe(true);
    expect(removeOutput(soft)).toBe(true);
    expect(lstatSync(hard, { throwIfNoEntry: false })).toBeUndefined();
    for (const name of objects) expect(statSync(join(cache, "files", name)).mode & 0o777).toBe(0o444);
    expect(allNames(join(cache, "files")).filter((n) => n.length > 2)).toEqual(objects);
  });

  test("a symlink to a folder is removed as a link, the folder stays", () => {
    const { work } = fresh();
    writeTree(work, { "real/keep.txt": "keep" });
    symlinkSync(join(work, "real"), join(work, "alias"));
    expect(removeOutput(join(work, "alias"))).toBe(true);
    expect(readFileSync(join(work, "real/keep.txt"), "utf8")).toBe("keep");
  });

  test("a missing output is reported as nothing removed", () => {
    expect(removeOutput(join(root, "never-existed"))).toBe(false);
  });
});
