// TS stages benchmark: the warm worker pool against `cmd` subprocesses, and what code
// fingerprinting costs a no-op `repro`. Standalone: `bun bench/ts-stages.ts [--quick]`;
// `tsStagesRows()` for bench/run.ts.
import { appendFileSync, mkdirSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Stage, TsFingerprinter, placePipeline } from "../packages/core/src/internal";
import { tsDiscovery } from "../plugins/discovery-ts/src/ts-discovery";
import stateSqlite from "../plugins/state-sqlite/src/index";
import { type Row, formatTable, median, ms, pivot, scratch, timed, writeFiles } from "./support";

const CORE = resolve(import.meta.dir, "../packages/core");

export function tsProject(name: string, count: number, withOuts: boolean): string {
  const dir = scratch(name);
  mkdirSync(join(dir, ".pivot"), { recursive: true });
  mkdirSync(join(dir, "node_modules/@pivot"), { recursive: true });
  symlinkSync(CORE, join(dir, "node_modules/@pivot/core"), "dir");
  const stage = (i: number) =>
    withOuts
      ? `pipeline.stage("s${i}", { outs: { o: l.text("out/s${i}.txt") }, run: () => ({ o: String(double(${i}) * SCALE) }) });`
      : `pipeline.stage("s${i}", { run() {} });`;
  const header = 'import { Pipeline, loaders as l } from "@pivot/core";\nimport { double } from "./lib";\nexport const pipeline = new Pipeline("bench");\nconst SCALE = 2;\n';
  writeFiles(dir, {
    ".pivot/.gitignore": "/cache\n/state.db*\n/runs\n",
    "lib.ts": "export function double(n: number): number {\n  return n * 2;\n}\n",
    "pipeline.ts": `${header}${Array.from({ length: count }, (_, i) => stage(i)).join("\n")}\n`,
  });
  return dir;
}

export function cmdProject(name: string, count: number, withOuts: boolean): string {
  const dir = scratch(name);
  const stage = (i: number) => (withOuts ? `  s${i}:\n    cmd: echo ${i * 4} > out/s${i}.txt\n    outs: [out/s${i}.txt]\n` : `  s${i}:\n    cmd: "true"\n`);
  writeFiles(dir, { ".pivot/.gitignore": "/cache\n/state.db*\n/runs\n", "pivot.yaml": `stages:\n${Array.from({ length: count }, (_, i) => stage(i)).join("")}` });
  return dir;
}

async function firstRun(dir: string): Promise<number> {
  const t = await timed(pivot("repro", "-j2"), dir);
  if (t.exitCode !== 0) throw new Error(`repro failed in ${dir}:\n${t.stderr.slice(-800)}`);
  return t.ms;
}

/** Median first-run time over `runs` fresh projects. */
async function medianFirstRun(make: (i: number) => string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await firstRun(make(i)));
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

async function poolVsSubprocess(rows: Row[], count: number, withOuts: boolean, runs: number): Promise<void> {
  const what = withOuts ? "one out each" : "no outs";
  const ts = await medianFirstRun((i) => tsProject(`ts-${withOuts}-${i}`, count, withOuts), runs);
  const cmd = await medianFirstRun((i) => cmdProject(`cmd-${withOuts}-${i}`, count, withOuts), runs);
  rows.push({
    benchmark: `first run, ${count} trivial TS stages (${what}) vs the same as cmd stages, -j2`,
    pivot: ms(ts),
    baseline: ms(cmd),
    ratio: `${(ts / cmd).toFixed(2)}×`,
    target: "< 1× (warm pool pays off)",
    verdict: ts < cmd ? "yes" : "NO",
  });
}

/** Fingerprints every stage in-process with a real state DB: cold (parse) and warm (cache hits). */
async function fingerprintInProcess(dir: string): Promise<{ coldMs: number; warmMs: number }> {
  const file = join(dir, "pipeline.ts");
  const def = await tsDiscovery.load(file, { projectRoot: dir, file, dir: "." });
  const stages: Stage[] = placePipeline(dir, def);
  const store = stateSqlite.state!.open(join(dir, ".pivot"));
  const run = () => {
    const fingerprinter = new TsFingerprinter();
    const start = performance.now();
    for (const stage of stages) fingerprinter.fingerprint(stage, { projectRoot: dir, store });
    fingerprinter.endCommand();
    return performance.now() - start;
  };
  store.deleteCached("ts-fingerprint");
  const coldMs = run();
  const warmMs = Math.min(run(), run(), run());
  store.close();
  return { coldMs, warmMs };
}

async function noopOverhead(rows: Row[], count: number): Promise<void> {
  const tsDir = tsProject("noop-ts", count, true);
  const cmdDir = cmdProject("noop-cmd", count, true);
  await firstRun(tsDir);
  await firstRun(cmdDir);
  const ts = await median(pivot("repro"), tsDir, 5);
  const cmd = await median(pivot("repro"), cmdDir, 5);
  rows.push({ benchmark: `no-op repro, ${count} TS stages vs the same as cmd stages`, pivot: ms(ts), baseline: ms(cmd), ratio: `+${ms(ts - cmd)}`, target: "small", verdict: "-" });
  const edits: number[] = [];
  for (let i = 0; i < 3; i++) {
    appendFileSync(join(tsDir, "pipeline.ts"), `// edit ${i}\n`);
    edits.push((await timed(pivot("repro"), tsDir)).ms);
  }
  const edited = edits.sort((a, b) => a - b)[1]!;
  rows.push({ benchmark: `no-op repro, ${count} TS stages, after a comment edit (every fingerprint recomputed)`, pivot: ms(edited), baseline: ms(ts), ratio: `+${ms(edited - ts)}`, target: "-", verdict: "-" });
  const { coldMs, warmMs } = await fingerprintInProcess(tsDir);
  const share = warmMs / ts;
  rows.push({ benchmark: `fingerprints of ${count} TS stages in-process: cached (no-op) vs parsed`, pivot: ms(warmMs), baseline: ms(coldMs), ratio: `${(100 * share).toFixed(1)}% of the no-op`, target: "≤ 10% of a no-op repro", verdict: share <= 0.1 ? "yes" : "NO" });
}

export async function tsStagesRows(quick = false): Promise<Row[]> {
  const rows: Row[] = [];
  await poolVsSubprocess(rows, 200, false, quick ? 1 : 3);
  if (!quick) await poolVsSubprocess(rows, 200, true, 3);
  await noopOverhead(rows, quick ? 300 : 1000);
  return rows;
}

if (import.meta.main) console.log(formatTable(await tsStagesRows(process.argv.includes("--quick"))));
