// Helpers shared by the cache unit tests (not part of the public API).
import { afterAll } from "bun:test";
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A fresh temp folder named pivot-…; the caller removes it. */
export function makeTempRoot(): string {
  return mkdtempSync(join(tmpdir(), "pivot-"));
}

/**
 * A temp root removed after the test file, and `fresh()` handing out a new work folder and a
 * cache folder path (not created) for each test.
 */
export function freshWorkspaces(): { root: string; fresh(): { cache: string; work: string } } {
  const root = makeTempRoot();
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let counter = 0;
  return {
    root,
    fresh() {
      counter += 1;
      const work = join(root, `work-${counter}`);
      mkdirSync(work);
      return { cache: join(root, `cache-${counter}`), work };
    },
  };
}

/** Writes `files` (relative path → content; a `*` suffix on the path makes it executable). */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [key, content] of Object.entries(files)) {
    const exec = key.endsWith("*");
    const path = join(dir, exec ? key.slice(0, -1) : key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    chmodSync(path, exec ? 0o755 : 0o644);
  }
}

/** Reads a tree back in the writeTree format (following symlinks to files), sorted by path. */
export function readTree(dir: string, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const rel = prefix === "" ? name : `${prefix}/${name}`;
    if (lstatSync(path).isDirectory()) Object.assign(out, readTree(path, rel));
    else out[(statSync(path).mode & 0o111) !== 0 ? `${rel}*` : rel] = readFileSync(path, "utf8");
  }
  return out;
}

/** Every path below `dir` (recursive), for checking that no temp file was left behind. */
export function allNames(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String);
}
