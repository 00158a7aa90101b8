import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PivotError } from "@pivot/core/internal";
import { FILE_PREVIEW_BYTES, readPreview, resolveProjectFile } from "./project-file";

const root = realpathSync(mkdtempSync(join(tmpdir(), "pivot-ui-file-")));
const outsideDir = mkdtempSync(join(tmpdir(), "pivot-ui-outside-"));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outsideDir, { recursive: true, force: true });
});
mkdirSync(join(root, "data"));
writeFileSync(join(root, "data/a.txt"), "a\n");
writeFileSync(join(outsideDir, "secret.txt"), "no\n");
symlinkSync(join(outsideDir, "secret.txt"), join(root, "data/link.txt"));

const code = (rel: string) => {
  try {
    resolveProjectFile(root, rel);
    return "served";
  } catch (error) {
    return (error as PivotError).code;
  }
};

test("project files resolve; absolute, '..', NUL and symlinks out are refused; folders and missing files are not found", () => {
  expect(resolveProjectFile(root, "data/a.txt")).toBe(join(root, "data/a.txt"));
  expect(code(join(root, "data/a.txt"))).toBe("PATH_OUTSIDE_PROJECT");
  expect(code("data/../data/a.txt")).toBe("PATH_OUTSIDE_PROJECT");
  expect(code("data/a.txt\0")).toBe("PATH_OUTSIDE_PROJECT");
  expect(code("data/link.txt")).toBe("PATH_OUTSIDE_PROJECT");
  expect(code("data")).toBe("FILE_NOT_FOUND");
  expect(code("nope.txt")).toBe("FILE_NOT_FOUND");
});

test("a preview reads at most FILE_PREVIEW_BYTES and reports the whole size", () => {
  const big = join(root, "big.bin");
  writeFileSync(big, Buffer.alloc(FILE_PREVIEW_BYTES + 10, 7));
  const preview = readPreview(big);
  expect(preview.size).toBe(FILE_PREVIEW_BYTES + 10);
  expect(preview.bytes.length).toBe(FILE_PREVIEW_BYTES);
  expect(readPreview(join(root, "data/a.txt"))).toEqual({ bytes: new Uint8Array(Buffer.from("a\n")), size: 2 });
});
