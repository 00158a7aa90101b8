import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FileWatcher } from "@pivot/core/internal";
import { chokidarBackend } from "./chokidar-backend";

const open: FileWatcher[] = [];
afterEach(async () => {
  for (const watcher of open.splice(0)) await watcher.close();
});

/** Watches `folder`, keeping only `wanted` file names; returns the changed paths seen so far. */
async function watchFolder(folder: string, wanted: string[]): Promise<string[]> {
  const seen: string[] = [];
  const watcher = await chokidarBackend.watch([folder], {
    skip: (path, isDirectory) => isDirectory === false && !wanted.some((name) => path.endsWith(`/${name}`)),
    onChange: (path) => seen.push(path),
    onError: (error) => {
      throw error;
    },
  });
  open.push(watcher);
  return seen;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(20);
  }
}

describe("chokidar backend", () => {
  test("a file replaced by rename, or deleted and created again, stays watched", async () => {
    const folder = mkdtempSync(join(tmpdir(), "pivot-chokidar-"));
    const file = join(folder, "raw.csv");
    writeFileSync(file, "a\n");
    const seen = await watchFolder(folder, ["raw.csv"]);

    writeFileSync(join(folder, ".raw.csv.tmp"), "b\n");
    renameSync(join(folder, ".raw.csv.tmp"), file);
    await until(() => seen.includes(file), "the rename");
    rmSync(file);
    await Bun.sleep(300);
    seen.length = 0;
    writeFileSync(file, "c\n");
    await until(() => seen.includes(file), "the file created again");
    seen.length = 0;
    writeFileSync(file, "d\n");
    await until(() => seen.includes(file), "an edit after it came back");
  }, 30_000);

  test("paths the filter skips are not reported", async () => {
    const folder = mkdtempSync(join(tmpdir(), "pivot-chokidar-"));
    mkdirSync(join(folder, "sub"));
    const seen = await watchFolder(folder, ["wanted.txt"]);
    writeFileSync(join(folder, "other.txt"), "x\n");
    writeFileSync(join(folder, "wanted.txt"), "x\n");
    await until(() => seen.includes(join(folder, "wanted.txt")), "the wanted file");
    expect(seen).not.toContain(join(folder, "other.txt"));
  }, 30_000);
});
