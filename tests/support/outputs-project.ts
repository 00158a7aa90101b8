// Shared by the tests/e2e/outputs-*.test.ts files: a two-stage pipeline with a file and a folder output
// (its lock and cache-path helpers serve other tests too).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { type TestProject, makeProject } from "./project";

/** raw.txt → prepare (clean.txt) → split (parts/ with head.txt and tail.txt). */
export const PIPELINE = `stages:
  prepare:
    cmd: tr a-z A-Z < raw.txt > clean.txt
    deps: [raw.txt]
    outs: [clean.txt]
  split:
    cmd: mkdir -p parts && cut -c1-3 clean.txt > parts/head.txt && cut -c4- clean.txt > parts/tail.txt
    deps: [clean.txt]
    outs: [parts/]
`;

/** A fresh project with PIPELINE (and optional extra files or a `cache.link` list). */
export function outputsProject(extra: Record<string, string> = {}, linkModes?: string[]): TestProject {
  const config: Record<string, string> = linkModes ? { ".pivot/config.yaml": `cache:\n  link: [${linkModes.join(", ")}]\n` } : {};
  return makeProject({ "pivot.yaml": PIPELINE, "raw.txt": "hello world\n", ...config, ...extra });
}

/** Every lock file of the project root's state folder: name → text. */
export function lockFiles(project: TestProject): Record<string, string> {
  const dir = project.path(".pivot/stages");
  return Object.fromEntries(
    readdirSync(dir)
      .filter((name) => name.endsWith(".lock"))
      .sort()
      .map((name) => [name, readFileSync(join(dir, name), "utf8")]),
  );
}

/** The hash a stage's lock file records for one output. */
export function lockedHash(project: TestProject, stage: string, path: string): string {
  const lock = Bun.YAML.parse(project.read(`.pivot/stages/${stage}.lock`)) as { outs: Array<{ path: string; hash: string }> };
  const out = lock.outs.find((o) => o.path === path);
  if (!out) throw new Error(`${stage}.lock has no output ${path}`);
  return out.hash;
}

/** Project path of a cache object. */
export function objectFile(hash: string): string {
  return `.pivot/cache/files/${hash.slice(0, 2)}/${hash.slice(2)}`;
}
