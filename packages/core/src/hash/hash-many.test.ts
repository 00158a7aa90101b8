import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PivotError } from "../errors/pivot-error";
import { hashFile } from "./hash-file";
import { hashFiles, type HashProgress } from "./hash-many";

const root = mkdtempSync(join(tmpdir(), "pivot-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const paths = Array.from({ length: 12 }, (_, i) => {
  const path = join(root, `f${i}.bin`);
  writeFileSync(path, Buffer.alloc(i * 250_000, i));
  return path;
});

test("hashFiles returns one hash per path, in input order", async () => {
  const hashes = await hashFiles(paths, { concurrency: 3 });
  expect(hashes).toEqual(await Promise.all(paths.map((p) => hashFile(p))));
});

test("progress counts files and bytes up to the totals", async () => {
  const events: HashProgress[] = [];
  await hashFiles(paths, { concurrency: 4, onProgress: (p) => events.push(p) });
  const totalBytes = paths.reduce((sum, _, i) => sum + i * 250_000, 0);
  expect(events[0]).toEqual({ doneFiles: 0, totalFiles: 12, doneBytes: 0, totalBytes });
  expect(events.at(-1)).toEqual({ doneFiles: 12, totalFiles: 12, doneBytes: totalBytes, totalBytes });
  for (const [i, e] of events.entries()) {
    const prev = events[i - 1];
    if (prev) expect(e.doneBytes >= prev.doneBytes && e.doneFiles >= prev.doneFiles).toBe(true);
  }
});

test("a missing file fails the whole batch with HASH_FAILED", async () => {
  const error = await hashFiles([...paths, join(root, "missing")]).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PivotError);
  expect((error as PivotError).code).toBe("HASH_FAILED");
});

test("an empty list hashes to an empty list", async () => {
  expect(await hashFiles([])).toEqual([]);
});
