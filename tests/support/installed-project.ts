import { afterAll } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type PackedPackage, packPackages } from "../../scripts/pack-packages";
import type { PivotResult } from "./project";

/**
 * pivot installed the way a user installs it: the workspace packed into tarballs, then `bun add`
 * run in a new project under the system temp folder, outside this repository. The @pivot/* names
 * point at the tarballs through `overrides` (they are not fetched from a registry); third-party
 * packages come from bun's install cache, which `bun install` in this repository filled
 * (`--prefer-offline`: the registry is asked only for what the cache lacks).
 */
export interface InstalledProject {
  root: string;
  path(rel: string): string;
  write(rel: string, content: string): void;
  read(rel: string): string;
  /** Runs a command in the project folder. */
  run(command: string[]): Promise<PivotResult>;
  /** `bunx pivot …`: the `pivot` the project installed. */
  pivot(...args: string[]): Promise<PivotResult>;
  pivotIn(subdir: string, ...args: string[]): Promise<PivotResult>;
}

const workDirs: string[] = [];
afterAll(() => {
  if (process.env.PIVOT_KEEP_TEST_DIRS) return;
  for (const dir of workDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new folder under the system temp folder, removed after the test file. */
function makeWorkDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  workDirs.push(dir);
  return dir;
}

/** Every workspace package packed with `bun pm pack` into a new temp folder. */
export async function packWorkspace(): Promise<PackedPackage[]> {
  return packPackages(join(makeWorkDir("pivot-tarballs-"), "tarballs"));
}

/** Folders above `dir` holding what would let module resolution or bun's config reach outside the project. */
export function leaksAbove(dir: string): string[] {
  const found: string[] = [];
  for (let parent = dirname(dir); ; parent = dirname(parent)) {
    for (const name of ["package.json", "node_modules", "bunfig.toml"]) {
      if (existsSync(join(parent, name))) found.push(join(parent, name));
    }
    if (dirname(parent) === parent) return found;
  }
}

async function runIn(cwd: string, command: string[]): Promise<PivotResult> {
  const proc = Bun.spawn(command, { cwd, env: { ...process.env, NO_COLOR: "1" }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { exitCode, stdout, stderr, output: stdout + stderr };
}

/**
 * A fresh project (`package.json` with only a name and the overrides) in which `bun add -d` adds
 * the tarballs of `packages` (by name); `linker` as `bun add --linker`, else bun's default.
 */
export async function installProject(tarballs: readonly PackedPackage[], packages: readonly string[], options: { linker?: "isolated" | "hoisted" } = {}): Promise<InstalledProject> {
  const root = join(makeWorkDir("pivot-user-"), "project");
  mkdirSync(root);
  const overrides = Object.fromEntries(tarballs.map((t) => [t.name, `file:${t.tarball}`]));
  writeFileSync(join(root, "package.json"), `${JSON.stringify({ name: "user-project", private: true, overrides }, null, 2)}\n`);
  const added = packages.map((name) => {
    const packed = tarballs.find((t) => t.name === name);
    if (!packed) throw new Error(`No tarball for ${name}`);
    return packed.tarball;
  });
  const linker = options.linker ? [`--linker=${options.linker}`] : [];
  const install = await runIn(root, ["bun", "add", "--dev", "--prefer-offline", ...linker, ...added]);
  if (install.exitCode !== 0) throw new Error(`bun add failed in ${root}:\n${install.output}`);
  return {
    root,
    path: (rel) => join(root, rel),
    write(rel, content) {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), content);
    },
    read: (rel) => readFileSync(join(root, rel), "utf8"),
    run: (command) => runIn(root, command),
    pivot: (...args) => runIn(root, ["bunx", "pivot", ...args]),
    pivotIn: (subdir, ...args) => runIn(join(root, subdir), ["bunx", "pivot", ...args]),
  };
}

/** Files under `dir` (relative to it, `/`-separated), not following symlinks. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}
