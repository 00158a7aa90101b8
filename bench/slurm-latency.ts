// `bun bench/slurm-latency.ts [--quick] [--runs=N]`: submit → done latency of trivial independent
// stages on a real one-node Slurm cluster (started here, under a temp dir, like the e2e tests'),
// through `pivot repro` with `executor: slurm` against a bare shell loop in the same run: one
// `sbatch --parsable` per job with the same trivial command, then `squeue` polled until every job
// is gone (0.2 s, backing off 1.5× to 2 s). A second loop polls every 50 ms instead: no script
// would poll a real controller that hard, but it shows what pivot costs beyond the cluster itself.
// Runs alternate between the three; medians. Target (issue #16): pivot adds ≤ 20 % over the bare loop.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type SlurmCluster, startSlurmCluster } from "../tests/support/slurm-cluster";
import { type Row, formatTable, ms, pivot, scratch, timed, writeFiles } from "./support";

const quick = process.argv.includes("--quick");
const runs = Number(process.argv.find((a) => a.startsWith("--runs="))?.slice(7) ?? (quick ? 3 : 7));
const sizes = [1, 20];

/** A pivot project of `count` independent stages, stage i writing out/<i>.txt on the cluster. */
function pivotProject(count: number): string {
  const dir = scratch("slurm-pivot");
  const stages = Array.from({ length: count }, (_, i) => `  s${i}:\n    cmd: echo ${i} > out/${i}.txt\n    outs: [out/${i}.txt]\n`).join("");
  writeFiles(dir, { ".pivot/config.yaml": "executor: slurm\n", "pivot.yaml": `stages:\n${stages}` });
  return dir;
}

/**
 * What a careful shell script does: submit each job (script on stdin, same command), collect the
 * ids, then sleep and ask squeue for those still queued or running until none is. `$2 = tight`
 * polls every 50 ms.
 */
const BARE_LOOP = `#!/bin/sh
set -e
count=$1
mkdir -p out logs
ids=""
i=0
while [ "$i" -lt "$count" ]; do
  id=$(printf '#!/bin/sh\\necho %s > out/%s.txt\\n' "$i" "$i" | sbatch --parsable --job-name="bare.$i" --chdir="$PWD" --output="logs/$i.out" --error="logs/$i.err" --export=ALL)
  ids="$ids\${ids:+,}\${id%%;*}"
  i=$((i + 1))
done
if [ "$2" = tight ]; then set --; last=0.05; else set -- 0.2 0.3 0.45 0.7 1 1.5; last=2; fi
while :; do
  if [ $# -gt 0 ]; then delay=$1; shift; else delay=$last; fi
  sleep "$delay"
  [ -n "$(squeue -h -j "$ids" -o %i)" ] || break
done
`;

function bareProject(): string {
  const dir = scratch("slurm-bare");
  writeFiles(dir, { "bare-loop.sh": BARE_LOOP });
  mkdirSync(join(dir, "out"));
  return dir;
}

async function pivotOnce(cluster: SlurmCluster, count: number): Promise<number> {
  const dir = pivotProject(count);
  const t = await timed(pivot("repro"), dir, cluster.env);
  if (t.exitCode !== 0 || !t.stderr.concat(t.stdout).includes(`${count} ran`)) throw new Error(`pivot repro failed (${count} stages):\n${t.stdout}\n${t.stderr}`);
  return t.ms;
}

async function bareOnce(cluster: SlurmCluster, count: number, tight = false): Promise<number> {
  const dir = bareProject();
  const t = await timed(["sh", "bare-loop.sh", String(count), tight ? "tight" : "backoff"], dir, cluster.env);
  if (t.exitCode !== 0) throw new Error(`the bare loop failed (${count} jobs):\n${t.stderr}`);
  return t.ms;
}

const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const spread = (values: number[]) => `${ms(medianOf(values))} (${ms(Math.min(...values))}–${ms(Math.max(...values))})`;

function compare(benchmark: string, p: number[], b: number[], target: string, limit?: number): Row {
  const over = medianOf(p) / medianOf(b) - 1;
  const ratio = `${over >= 0 ? "+" : ""}${(over * 100).toFixed(0)} %`;
  return { benchmark, pivot: spread(p), baseline: spread(b), ratio, target, verdict: limit === undefined ? "-" : over <= limit ? "yes" : "NO" };
}

export async function slurmLatencyRows(): Promise<Row[]> {
  const cluster = await startSlurmCluster();
  const rows: Row[] = [];
  try {
    for (const count of sizes) {
      // one of each first, not counted: the first jobs after the controller starts wait for its first
      // scheduling passes, and the first pivot run reads its modules from a cold disk cache
      await pivotOnce(cluster, count);
      await bareOnce(cluster, count);
      const p: number[] = [];
      const b: number[] = [];
      const tight: number[] = [];
      for (let i = 0; i < runs; i++) {
        p.push(await pivotOnce(cluster, count));
        b.push(await bareOnce(cluster, count));
        tight.push(await bareOnce(cluster, count, true));
      }
      const what = `${count} trivial ${count === 1 ? "stage" : "independent stages"}`;
      rows.push(compare(`${what}: \`pivot repro\` (executor: slurm) vs sbatch + squeue loop (0.2 s backing off), median of ${runs}`, p, b, "≤ +20 %", 0.2));
      rows.push(compare(`${what}: the same pivot runs vs sbatch + squeue every 50 ms`, p, tight, "-"));
    }
  } finally {
    await cluster.stop();
  }
  return rows;
}

if (import.meta.main) {
  const rows = await slurmLatencyRows();
  console.log(`\nSlurm submit → done, ${navigator.hardwareConcurrency} CPUs (8 declared to Slurm), Bun ${Bun.version}\n`);
  console.log(formatTable(rows));
}
