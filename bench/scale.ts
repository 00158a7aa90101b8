// Scale benchmark: the layered DAG (10 layers × N stages) at 1 000 and 10 000 stages (and, with
// --huge, 100 000), side by side with GNU make on the same DAG: first runs (quiet, and printing to
// a terminal), the no-op answered from the up-to-date snapshot (repro and status), the full check
// (no snapshot: every lock file, dep and output looked at), the full check with a cold lock index,
// the status of a never-run project (pivot.yaml parsed), and peak RSS of each.
// Standalone: `bun bench/scale.ts [--quick] [--huge]`.
import { Database } from "bun:sqlite";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type Row, fileCreationRow, formatTable, ms, pivot, timed } from "./support";
import { freshLayeredDag } from "./synthetic-dag";

const quick = process.argv.includes("--quick");
const huge = process.argv.includes("--huge");
const RUNS = 5;

interface Measured {
  ms: number;
  rssMb: number;
}

/** Median wall time and the peak RSS of that run, through /usr/bin/time (before each run: `prepare`). */
async function measure(cmd: string[], dir: string, prepare: () => void = () => undefined, runs = RUNS, okExit = [0]): Promise<Measured> {
  const results: Measured[] = [];
  for (let i = 0; i < runs; i++) {
    prepare();
    const t = await timed(["/usr/bin/time", "-f", "%M", ...cmd], dir);
    const quiet = cmd[0] === "make" && cmd.includes("-q");
    if (!okExit.includes(t.exitCode) && !quiet) throw new Error(`${cmd.join(" ")} failed in ${dir}:\n${t.stderr.slice(-800)}`);
    results.push({ ms: t.ms, rssMb: Number(t.stderr.trim().split("\n").pop()) / 1024 });
  }
  results.sort((a, b) => a.ms - b.ms);
  return results[Math.floor(results.length / 2)]!;
}

const middle = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (m: Measured) => `${ms(m.ms)}, ${m.rssMb.toFixed(0)} MB`;
const ratio = (a: Measured, b: Measured) => `${(a.ms / b.ms).toFixed(1)}×`;
const yes = (ok: boolean) => (ok ? "yes" : "NO");

export async function scaleRows(): Promise<Row[]> {
  const rows: Row[] = [fileCreationRow()];
  const sizes = quick ? [100] : huge ? [100, 1000, 10_000] : [100, 1000];
  for (const perLayer of sizes) {
    const count = perLayer * 10;
    // A project never run: pivot.yaml is parsed (nothing cached yet) and every stage is stale (exit 1).
    const neverRun = freshLayeredDag(`scale-${count}-never-run`, perLayer);
    const dropState = () => {
      rmSync(join(neverRun, ".pivot"), { recursive: true, force: true });
      mkdirSync(join(neverRun, ".pivot"));
    };
    const load = await measure(pivot("status", "-q"), neverRun, dropState, count >= 100_000 ? 1 : 3, [1]);
    rows.push({ benchmark: `${count} stages: status of a never-run project (pivot.yaml parsed), peak RSS`, pivot: fmt(load), baseline: "-", ratio: "-", target: "-", verdict: "-" });
    process.stderr.write(`  ${count} stages: first runs…\n`);
    // First runs on fresh copies of the DAG, alternating pivot quiet, pivot printing to a terminal
    // (a pty through `script`) and make, so a change in the machine's load hits all three alike.
    const rounds = count <= 1000 ? 3 : 1;
    const quietMs: number[] = [];
    const ttyMs: number[] = [];
    const makeMs: number[] = [];
    let dir = "";
    for (let round = 0; round < rounds; round++) {
      const quietDir = freshLayeredDag(`scale-${count}-quiet`, perLayer);
      const quiet = await timed(pivot("repro", "-j2", "-q"), quietDir);
      if (quiet.exitCode !== 0) throw new Error(`first repro failed: ${quiet.stderr.slice(-800)}`);
      quietMs.push(quiet.ms);
      dir = quietDir;
      const tty = await timed(["script", "-qec", pivot("repro", "-j2").join(" "), "/dev/null"], freshLayeredDag(`scale-${count}-tty`, perLayer));
      if (tty.exitCode !== 0) throw new Error(`repro on a terminal failed: ${tty.stdout.slice(-800)}`);
      ttyMs.push(tty.ms);
      makeMs.push((await timed(["make", "-j2", "-s"], freshLayeredDag(`scale-${count}-make`, perLayer))).ms);
    }
    const [quiet, tty, makeFirst] = [quietMs, ttyMs, makeMs].map(middle) as [number, number, number];
    const of = rounds > 1 ? ` (median of ${rounds})` : "";
    rows.push(
      { benchmark: `${count} stages: first run -j2 -q vs make -j2${of}`, pivot: ms(quiet), baseline: ms(makeFirst), ratio: `${(quiet / makeFirst).toFixed(2)}×`, target: "≤ 1.5× make", verdict: yes(quiet <= 1.5 * makeFirst) },
      { benchmark: `${count} stages: first run -j2 printing to a terminal vs -q${of}`, pivot: ms(tty), baseline: ms(quiet), ratio: `${(((tty - quiet) / quiet) * 100).toFixed(0)} %`, target: "≤ +5 %", verdict: yes(tty <= 1.05 * quiet) },
    );
    // What follows measures the last quiet run's project, once make has built its own targets there.
    await timed(["make", "-j2", "-s"], dir);
    const runs = count >= 100_000 ? 3 : RUNS;
    const make = await measure(["make", "-q"], dir, undefined, runs);
    const dropSnapshots = () => rmSync(join(dir, ".pivot/tmp/up-to-date"), { recursive: true, force: true });
    const full = await measure(pivot("status", "-q"), dir, dropSnapshots, runs);
    const fullRepro = await measure(pivot("repro", "-q"), dir, dropSnapshots, runs);
    const dropIndex = () => {
      dropSnapshots();
      const db = new Database(join(dir, ".pivot/state.db"));
      db.run("DELETE FROM kv WHERE namespace = 'lock-index'");
      db.close();
    };
    const cold = await measure(pivot("status", "-q"), dir, dropIndex, Math.min(runs, 3));
    await timed(pivot("repro", "-q"), dir); // leaves repro's snapshot
    const snapRepro = await measure(pivot("repro", "-q"), dir, undefined, runs);
    await timed(pivot("status", "-q"), dir); // leaves status's snapshot
    const snapStatus = await measure(pivot("status", "-q"), dir, undefined, runs);
    const budget = count >= 100_000 ? { repro: 1000, status: 1500 } : undefined;
    rows.push(
      { benchmark: `${count} stages: no-op repro from the snapshot vs make -q`, pivot: fmt(snapRepro), baseline: fmt(make), ratio: ratio(snapRepro, make), target: budget ? "≤ 1 s" : "-", verdict: budget ? yes(snapRepro.ms <= budget.repro) : "-" },
      { benchmark: `${count} stages: status from its snapshot vs the no-op repro`, pivot: fmt(snapStatus), baseline: fmt(snapRepro), ratio: ratio(snapStatus, snapRepro), target: budget ? "≤ 1.5× repro, ≤ 1.5 s" : "≤ 1.5× repro", verdict: yes(snapStatus.ms <= 1.5 * snapRepro.ms && (!budget || snapStatus.ms <= budget.status)) },
      { benchmark: `${count} stages: status, full check (no snapshot) vs make -q`, pivot: fmt(full), baseline: fmt(make), ratio: ratio(full, make), target: count === 10_000 ? "≤ 1.5× make -q" : "-", verdict: count === 10_000 ? yes(full.ms <= 1.5 * make.ms) : "-" },
      { benchmark: `${count} stages: no-op repro, full check vs make -q`, pivot: fmt(fullRepro), baseline: fmt(make), ratio: ratio(fullRepro, make), target: "-", verdict: "-" },
      { benchmark: `${count} stages: status, full check, lock index dropped (every lock file parsed)`, pivot: fmt(cold), baseline: fmt(full), ratio: ratio(cold, full), target: "-", verdict: "-" },
      { benchmark: `${count} stages: peak RSS, full check`, pivot: `${full.rssMb.toFixed(0)} MB (${((full.rssMb * 1024) / count).toFixed(1)} KB/stage)`, baseline: "-", ratio: "-", target: count >= 100_000 ? "≤ 400 MB" : "-", verdict: count >= 100_000 ? yes(full.rssMb <= 400) : "-" },
    );
  }
  return rows;
}

if (import.meta.main) {
  const rows = await scaleRows();
  console.log(`\nMachine: ${navigator.hardwareConcurrency} CPUs, Bun ${Bun.version}, ${new Date().toISOString().slice(0, 10)}\n`);
  console.log(formatTable(rows));
}
