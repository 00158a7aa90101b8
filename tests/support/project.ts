import { afterAll } from "bun:test";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

/** The real CLI entry point. */
export const PIVOT_BIN = resolve(import.meta.dir, "../../packages/cli/bin/pivot.ts");

export interface PivotResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout + stderr, for loose assertions. */
  output: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  stdin?: string;
}

const created: string[] = [];
afterAll(() => {
  if (process.env.PIVOT_KEEP_TEST_DIRS) return;
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs the real `pivot` binary. */
export async function runPivot(args: string[], options: RunOptions & { cwd: string }): Promise<PivotResult> {
  const proc = Bun.spawn(["bun", PIVOT_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    stdin: options.stdin === undefined ? "ignore" : new TextEncoder().encode(options.stdin),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { exitCode, stdout, stderr, output: stdout + stderr };
}

export interface TestProject {
  root: string;
  path(rel: string): string;
  write(rel: string, content: string, mode?: number): void;
  read(rel: string): string;
  exists(rel: string): boolean;
  remove(rel: string): void;
  pivot(...args: string[]): Promise<PivotResult>;
  pivotIn(subdir: string, ...args: string[]): Promise<PivotResult>;
  pivotWith(options: RunOptions, ...args: string[]): Promise<PivotResult>;
}

/**
 * A temp project built from a map of files. `.pivot/` is created unless `init: false`.
 * Folders ending in `/` in the map are created empty.
 */
export function makeProject(files: Record<string, string> = {}, options: { init?: boolean } = {}): TestProject {
  const root = mkdtempSync(join(tmpdir(), "pivot-e2e-"));
  created.push(root);
  const project: TestProject = {
    root,
    path: (rel) => join(root, rel),
    write(rel, content, mode) {
      const file = join(root, rel);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      if (mode !== undefined) chmodSync(file, mode);
    },
    read: (rel) => readFileSync(join(root, rel), "utf8"),
    exists: (rel) => existsSync(join(root, rel)),
    remove: (rel) => rmSync(join(root, rel), { recursive: true, force: true }),
    pivot: (...args) => runPivot(args, { cwd: root }),
    pivotIn: (subdir, ...args) => runPivot(args, { cwd: join(root, subdir) }),
    pivotWith: (options, ...args) => runPivot(args, { ...options, cwd: options.cwd ?? root }),
  };
  if (options.init !== false) mkdirSync(join(root, ".pivot"), { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    if (rel.endsWith("/")) mkdirSync(join(root, rel), { recursive: true });
    else project.write(rel, content);
  }
  return project;
}

/** Asserts-friendly: no JS stack frames in CLI output. */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at .+:\d+:\d+/.test(text) || /^\s*at <anonymous>/m.test(text);
}

/** A two-stage pipeline (gen → upper) many end-to-end tests start from. */
export const TWO_STAGE_PIPELINE = `stages:
  gen:
    cmd: echo hello > a.txt
    outs: [a.txt]
  upper:
    cmd: tr a-z A-Z < a.txt > b.txt
    deps: [a.txt]
    outs: [b.txt]
`;
