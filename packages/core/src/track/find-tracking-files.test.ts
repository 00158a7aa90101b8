import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { findTrackingFiles } from "./find-tracking-files";

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function tree(files: string[]): string {
  const root = mkdtempSync(join(tmpdir(), "pivot-find-pvt-"));
  roots.push(root);
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), "x");
  }
  return root;
}

test("every .pvt in the project is found, sorted", () => {
  const root = tree(["b.csv.pvt", "a/deep/x.pvt", "a/deep/x", "notes.txt"]);
  expect(findTrackingFiles(root)).toEqual(["a/deep/x.pvt", "b.csv.pvt"]);
});

test("tracked folders, .pivot, .git, node_modules, ignored and skipped folders are not searched", () => {
  const root = tree([
    "images.pvt",
    "images/inner.pvt",
    ".pivot/cache/x.pvt",
    ".git/x.pvt",
    "node_modules/pkg/x.pvt",
    "scratch/x.pvt",
    "outs/x.pvt",
    "kept/y.pvt",
    ".pivotignore",
  ]);
  writeFileSync(join(root, ".pivotignore"), "scratch/\n");
  expect(findTrackingFiles(root, { skip: (p) => p === "outs" })).toEqual(["images.pvt", "kept/y.pvt"]);
});
