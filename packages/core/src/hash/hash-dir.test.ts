import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PivotError } from "../errors/pivot-error";
import { buildDirManifest, hashDirectory, listDirFiles, manifestHash } from "./hash-dir";
import { hashFile } from "./hash-file";

const root = mkdtempSync(join(tmpdir(), "pivot-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

/** Creates a fresh folder holding `files` (relative path → content), written in the given order. */
function makeTree(files: Record<string, string>, order = Object.keys(files)): string {
  const dir = join(root, `tree-${++counter}`);
  mkdirSync(dir);
  for (const path of order) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), files[path] ?? "");
  }
  return dir;
}

async function errorOf(promise: Promise<unknown>): Promise<PivotError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PivotError);
  return error as PivotError;
}

const files = { "b.txt": "bee\n", "a/x.txt": "ex\n", "a/y/z.txt": "zed\n", "a-b": "dash\n", B: "upper\n" };

describe("hashDirectory", () => {
  test("a directory hash is 32 hex plus .dir", async () => {
    expect(await hashDirectory(makeTree(files))).toMatch(/^[0-9a-f]{32}\.dir$/);
  });

  test("the hash does not depend on the order files were created in", async () => {
    const forward = makeTree(files);
    const backward = makeTree(files, Object.keys(files).reverse());
    expect(await hashDirectory(backward)).toBe(await hashDirectory(forward));
  });

  test("entries are sorted by plain code-unit order of their POSIX paths", async () => {
    const manifest = await buildDirManifest(makeTree(files));
    expect(manifest.entries.map((e) => e.path)).toEqual(["B", "a-b", "a/x.txt", "a/y/z.txt", "b.txt"]);
    expect(manifest.entries[0]).toEqual({ path: "B", hash: await hashFile(join(root, `tree-${counter}`, "B")), size: 6, exec: false });
  });

  test("changing a file's content changes the hash", async () => {
    const dir = makeTree(files);
    const before = await hashDirectory(dir);
    writeFileSync(join(dir, "a/y/z.txt"), "zed!\n");
    expect(await hashDirectory(dir)).not.toBe(before);
  });

  test("renaming a file changes the hash", async () => {
    const dir = makeTree(files);
    const before = await hashDirectory(dir);
    renameSync(join(dir, "b.txt"), join(dir, "c.txt"));
    expect(await hashDirectory(dir)).not.toBe(before);
  });

  test("flipping the exec bit changes the hash", async () => {
    const dir = makeTree(files);
    const before = await hashDirectory(dir);
    chmodSync(join(dir, "b.txt"), 0o744);
    const manifest = await buildDirManifest(dir);
    expect(manifest.entries.find((e) => e.path === "b.txt")?.exec).toBe(true);
    expect(await manifestHash(manifest)).not.toBe(before);
    chmodSync(join(dir, "b.txt"), 0o644);
    expect(await hashDirectory(dir)).toBe(before);
  });

  test("empty folders contribute nothing", async () => {
    const dir = makeTree(files);
    const before = await hashDirectory(dir);
    mkdirSync(join(dir, "empty/deeper"), { recursive: true });
    expect(await hashDirectory(dir)).toBe(before);
  });

  test(".pivot folders are skipped at any depth", async () => {
    const dir = makeTree(files);
    const before = await hashDirectory(dir);
    mkdirSync(join(dir, ".pivot"));
    writeFileSync(join(dir, ".pivot/state.db"), "x");
    mkdirSync(join(dir, "a/.pivot"));
    writeFileSync(join(dir, "a/.pivot/lock"), "y");
    expect(await hashDirectory(dir)).toBe(before);
    expect(listDirFiles(dir).some((f) => f.path.includes(".pivot"))).toBe(false);
  });

  test("a symlink to a file is recorded as the file it points to", async () => {
    const withCopy = makeTree({ ...files, "link.txt": "bee\n" });
    const withLink = makeTree(files);
    symlinkSync(join(withLink, "b.txt"), join(withLink, "link.txt"));
    expect(await hashDirectory(withLink)).toBe(await hashDirectory(withCopy));
  });

  test("a dangling symlink is a HASH_FAILED error naming the link", async () => {
    const dir = makeTree(files);
    symlinkSync(join(dir, "gone.txt"), join(dir, "a/dangling"));
    const error = await errorOf(hashDirectory(dir));
    expect(error.code).toBe("HASH_FAILED");
    expect(error.message).toContain(join(dir, "a/dangling"));
    expect(error.message).toContain("dangling symlink");
  });

  test("a symlink to a directory is a HASH_FAILED error naming the link", async () => {
    const dir = makeTree(files);
    symlinkSync(join(dir, "a"), join(dir, "loop"));
    const error = await errorOf(hashDirectory(dir));
    expect(error.code).toBe("HASH_FAILED");
    expect(error.message).toContain(join(dir, "loop"));
  });

  test("a file path given as a directory is a HASH_FAILED error", async () => {
    const dir = makeTree(files);
    expect((await errorOf(hashDirectory(join(dir, "b.txt")))).code).toBe("HASH_FAILED");
    expect((await errorOf(hashDirectory(join(dir, "missing")))).code).toBe("HASH_FAILED");
  });

  test("a caller-supplied hashOne is used for every file and receives its stat", async () => {
    const dir = makeTree(files);
    const seen: string[] = [];
    const manifest = await buildDirManifest(dir, (absPath, stat) => {
      seen.push(`${absPath}:${stat.sizeBytes}`);
      return "0".repeat(32);
    });
    expect(seen.sort()).toEqual(listDirFiles(dir).map((f) => `${f.absPath}:${f.stat.sizeBytes}`).sort());
    expect(manifest.entries.every((e) => e.hash === "0".repeat(32))).toBe(true);
  });

  test("progress ends with every file and byte counted", async () => {
    const dir = makeTree(files);
    let last = { doneFiles: 0, totalFiles: 0, doneBytes: 0, totalBytes: 0 };
    await buildDirManifest(dir, undefined, { onProgress: (p) => (last = p) });
    expect(last).toEqual({ doneFiles: 5, totalFiles: 5, doneBytes: 22, totalBytes: 22 });
  });
});
