import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

export const PIVOT_BIN = resolve(import.meta.dir, "../packages/cli/bin/pivot.ts");

/** A scratch folder removed at exit unless PIVOT_BENCH_KEEP is set. */
export function scratch(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `pivot-bench-${name}-`));
  if (!process.env.PIVOT_BENCH_KEEP) process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = join(root, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

export interface Timing {
  ms: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a command, returning wall time. */
export async function timed(cmd: string[], cwd: string, env: Record<string, string> = {}): Promise<Timing> {
  const start = performance.now();
  const proc = Bun.spawn(cmd, { cwd, stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1", ...env } });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { ms: performance.now() - start, exitCode, stdout, stderr };
}

/** Median wall time of `runs` runs (after one warm-up), failing loudly on a non-zero exit. */
export async function median(cmd: string[], cwd: string, runs = 5, env: Record<string, string> = {}): Promise<number> {
  await timed(cmd, cwd, env);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = await timed(cmd, cwd, env);
    if (t.exitCode !== 0 && !(cmd[0] === "make" && cmd.includes("-q"))) throw new Error(`${cmd.join(" ")} failed in ${cwd}:\n${t.stderr}`);
    times.push(t.ms);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function pivot(...args: string[]): string[] {
  return ["bun", PIVOT_BIN, ...args];
}

export interface Row {
  benchmark: string;
  pivot: string;
  baseline: string;
  ratio: string;
  target: string;
  verdict: string;
}

export function formatTable(rows: Row[]): string {
  const header: Row = { benchmark: "benchmark", pivot: "pivot", baseline: "baseline", ratio: "ratio", target: "target", verdict: "ok?" };
  const all = [header, ...rows];
  const keys = Object.keys(header) as (keyof Row)[];
  const widths = keys.map((k) => Math.max(...all.map((r) => r[k].length)));
  const line = (r: Row) => `| ${keys.map((k, i) => r[k].padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

export const ms = (n: number) => `${n.toFixed(0)} ms`;

/** Microseconds to create one empty file (a new inode) in a new folder under `parent`. */
function fileCreationUs(parent: string, files = 300): number {
  const dir = mkdtempSync(join(parent, "pivot-bench-files-"));
  try {
    const start = performance.now();
    for (let i = 0; i < files; i++) closeSync(openSync(join(dir, String(i)), "wx"));
    return ((performance.now() - start) * 1000) / files;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A context row for first-run benchmarks: what creating one file costs in the scratch area
 * (where the runs happen) against a tmpfs folder. Every first run pays it per new file — make one
 * per stage (the output), pivot two (the output and its lock file) — and on some file systems it
 * is far from constant: ext4 without a journal scans past recently deleted inodes of the folder's
 * block group (~1 ms a file after a test suite has run).
 */
export function fileCreationRow(): Row {
  const here = fileCreationUs(tmpdir());
  const tmpfs = existsSync("/dev/shm") && tmpdir() !== "/dev/shm" ? fileCreationUs("/dev/shm") : undefined;
  return {
    benchmark: `context: creating one file in the scratch area (${tmpdir()}) vs on tmpfs`,
    pivot: `${here.toFixed(0)} µs`,
    baseline: tmpfs === undefined ? "-" : `${tmpfs.toFixed(0)} µs`,
    ratio: tmpfs === undefined ? "-" : `${(here / tmpfs).toFixed(1)}×`,
    target: "-",
    verdict: "-",
  };
}
