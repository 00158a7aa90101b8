// `bun run bench`: synthetic pipelines measured side by side with a baseline in the same run.
// Options: --quick (smaller sizes), --only=a,b (pick benchmarks by id).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Row, fileCreationRow, formatTable, median, ms, pivot, scratch, timed, writeFiles } from "./support";
import { writeSyntheticDag } from "./synthetic-dag";

const quick = process.argv.includes("--quick");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const rows: Row[] = [];
const want = (id: string) => !only || only.includes(id);
const has = (cmd: string) => Bun.spawnSync(["sh", "-c", `command -v ${cmd}`]).exitCode === 0;

function verdict(ok: boolean): string {
  return ok ? "yes" : "NO";
}

async function startup(): Promise<void> {
  const dir = scratch("startup");
  const p = await median(pivot("--help"), dir, 9);
  const b = await median(["bun", "-e", "0"], dir, 9);
  rows.push({ benchmark: "startup: `pivot --help` vs `bun -e 0`", pivot: ms(p), baseline: ms(b), ratio: `+${ms(p - b)}`, target: "little beyond Bun's start", verdict: verdict(p - b < 60) });
}

async function noop(): Promise<void> {
  const count = quick ? 300 : 1000;
  const dir = scratch("noop");
  writeSyntheticDag(dir, count, "wide");
  const first = await timed(pivot("repro", "-j2"), dir);
  if (first.exitCode !== 0) throw new Error(`first repro failed: ${first.stderr.slice(-500)}`);
  await timed(["make", "-j2"], dir);
  const p = await median(pivot("repro"), dir, 5);
  const m = await median(["make", "-q"], dir, 5);
  // The same no-op without the up-to-date snapshot: every lock file read, every dep and out checked.
  const full = await median(["sh", "-c", `rm -rf .pivot/tmp/up-to-date && ${pivot("repro").join(" ")}`], dir, 5);
  rows.push({ benchmark: `(a) no-op repro, ${count} stages vs make -q`, pivot: ms(p), baseline: ms(m), ratio: `${(p / m).toFixed(1)}×`, target: "≤ 2× make", verdict: verdict(p <= 2 * m) });
  rows.push({ benchmark: `(a) same, full check (no up-to-date snapshot)`, pivot: ms(full), baseline: ms(m), ratio: `${(full / m).toFixed(1)}×`, target: "-", verdict: "-" });
  // `status` keeps a snapshot of its own: the second plain status is answered from it.
  await timed(pivot("status"), dir);
  const status = await median(pivot("status"), dir, 5);
  rows.push({ benchmark: `(a) status, ${count} stages, answered from its snapshot, vs the no-op repro`, pivot: ms(status), baseline: ms(p), ratio: `${(status / p).toFixed(2)}×`, target: "≤ 1.5× no-op repro", verdict: verdict(status <= 1.5 * p) });
}

async function firstRun(): Promise<void> {
  rows.push(fileCreationRow());
  const count = quick ? 100 : 300;
  const pDir = scratch("first-pivot");
  const mDir = scratch("first-make");
  writeSyntheticDag(pDir, count, "wide");
  writeSyntheticDag(mDir, count, "wide");
  const p = await timed(pivot("repro", "-j2"), pDir);
  if (p.exitCode !== 0) throw new Error(`repro failed: ${p.stderr.slice(-500)}`);
  const m = await timed(["make", "-j2"], mDir);
  rows.push({ benchmark: `(b) first run, ${count} trivial stages, -j2 vs make -j2`, pivot: ms(p.ms), baseline: ms(m.ms), ratio: `${(p.ms / m.ms).toFixed(1)}×`, target: "≤ 1.5× make", verdict: verdict(p.ms <= 1.5 * m.ms) });
}

async function hashing(): Promise<void> {
  const sizeMiB = quick ? 256 : 1024;
  const dir = scratch("hash");
  const file = join(dir, "big.bin");
  Bun.spawnSync(["sh", "-c", `head -c ${sizeMiB * 1024 * 1024} /dev/urandom > ${file}`]);
  const script = join(import.meta.dir, "hash-one-file.ts");
  Bun.spawnSync(["sh", "-c", `cat ${file} > /dev/null`]); // warm the page cache
  const run = async () => {
    const t = await timed(["/usr/bin/time", "-f", "%M", "bun", script, file], dir);
    return { ms: t.ms, rssKb: Number(t.stderr.trim().split("\n").pop()), digest: t.stdout.trim() };
  };
  const results = [await run(), await run(), await run()].sort((a, b) => a.ms - b.ms);
  const best = results[1]!;
  const rate = (sizeMiB / 1024) / (best.ms / 1000);
  if (!has("xxhsum")) {
    rows.push({ benchmark: `(c) hash ${sizeMiB} MiB (xxhsum not installed)`, pivot: `${rate.toFixed(2)} GiB/s, ${(best.rssKb / 1024).toFixed(0)} MB RSS`, baseline: "-", ratio: "-", target: "≥ 0.5× xxhsum, RSS ≤ 150 MB", verdict: "n/a" });
    return;
  }
  const x = await median(["xxhsum", "-H2", file], dir, 3);
  const xRate = (sizeMiB / 1024) / (x / 1000);
  const same = (await timed(["xxhsum", "-H2", file], dir)).stdout.startsWith(best.digest);
  rows.push({
    benchmark: `(c) hash ${sizeMiB} MiB file vs xxhsum -H2${same ? " (same digest)" : " (DIGEST DIFFERS)"}`,
    pivot: `${rate.toFixed(2)} GiB/s, ${(best.rssKb / 1024).toFixed(0)} MB RSS`,
    baseline: `${xRate.toFixed(2)} GiB/s`,
    ratio: `${(rate / xRate).toFixed(2)}×`,
    target: "≥ 0.5× rate, RSS ≤ 150 MB",
    verdict: verdict(rate >= 0.5 * xRate && best.rssKb <= 150 * 1024 && same),
  });
}

async function bigDirStatus(): Promise<void> {
  const files = quick ? 2000 : 10_000;
  const dir = scratch("dirdep");
  mkdirSync(join(dir, ".pivot"), { recursive: true });
  mkdirSync(join(dir, "data"), { recursive: true });
  for (let i = 0; i < files; i++) writeFileSync(join(dir, "data", `f${i}.txt`), `file ${i}\n`);
  writeFiles(dir, { "pivot.yaml": "stages:\n  count:\n    cmd: ls data | wc -l > count.txt\n    deps: [data/]\n    outs: [count.txt]\n" });
  const cold = await timed(pivot("status", "--json"), dir);
  const warm = await timed(pivot("status", "--json"), dir);
  const coldHashed = JSON.parse(cold.stdout).hashedFiles as number;
  const warmHashed = JSON.parse(warm.stdout).hashedFiles as number;
  rows.push({
    benchmark: `(d) status, dep = folder of ${files} files: cold vs warm hash cache`,
    pivot: `${ms(warm.ms)} (${warmHashed} re-hashed)`,
    baseline: `${ms(cold.ms)} (${coldHashed} hashed)`,
    ratio: `${(warm.ms / cold.ms).toFixed(2)}×`,
    target: "no re-hashing on the 2nd run",
    verdict: verdict(warmHashed === 0),
  });
}

const benchmarks: Array<[string, () => Promise<void>]> = [
  ["startup", startup],
  ["a", noop],
  ["b", firstRun],
  ["c", hashing],
  ["d", bigDirStatus],
];
if (!has("make")) throw new Error("GNU make is needed for the baselines (apt-get install make)");
for (const [id, fn] of benchmarks) {
  if (!want(id)) continue;
  process.stderr.write(`running ${id}…\n`);
  await fn();
}
for (const [id, script] of [["ts", "ts-stages.ts"], ["remote", "remote-push.ts"], ["watch", "watch-latency.ts"], ["scale", "scale.ts"], ["phases", "phase-breakdown.ts"], ["slurm", "slurm-latency.ts"]] as const) {
  if (want(id) && existsSync(join(import.meta.dir, script))) {
    process.stderr.write(`running ${script}…\n`);
    const result = Bun.spawnSync(["bun", join(import.meta.dir, script), ...(quick ? ["--quick"] : [])], { stdout: "inherit", stderr: "inherit" });
    if (result.exitCode !== 0) process.stderr.write(`${script} failed (exit ${result.exitCode})\n`);
  }
}
const table = formatTable(rows);
console.log(`\nMachine: ${navigator.hardwareConcurrency} CPUs, Bun ${Bun.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log(table);
