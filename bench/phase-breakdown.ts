// Where a first run's time goes on pivot's coordinating thread: runs `pivot repro -j2 -q` under
// Bun's sampling CPU profiler and charges each sample to a phase by the pivot source file nearest
// the top of its stack (a native call such as stat or spawn counts for the pivot code calling it).
// `bun run bench --only=phases`, or standalone `bun bench/phase-breakdown.ts [--quick] [--stages=N]`.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PIVOT_BIN, scratch, timed } from "./support";
import { freshLayeredDag } from "./synthetic-dag";

/** Phases by source path, first match wins. */
const PHASES: Array<[phase: string, test: RegExp]> = [
  ["start a stage's command (spawn until exec, pipes)", /executor\/|stage-output|cmd-executor/],
  ["hash outputs", /hash\/|path-hasher/],
  ["store outputs in the cache", /cache\//],
  ["write lock files", /lock\/|fs\/atomic-write|machine-yaml/],
  ["state DB rows", /state-sqlite|state\//],
  ["console output and run log", /console-sink|run-log|std-write|ui\/|events/],
  ["judge stages (evaluate, decide)", /engine\/(evaluate|decide|stage-inputs|params|reasons|frozen)/],
  ["scheduling and the rest of the engine", /engine\//],
  ["load and check the pipeline", /pipeline\/|graph\/|discovery|project\//],
];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/** Milliseconds per phase of one profile; "waiting" is the thread idle (the commands running). */
export function phasesOf(profileFile: string): Map<string, number> {
  const profile = JSON.parse(readFileSync(profileFile, "utf8")) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const phaseOfNode = new Map<number, string>();
  const phaseOf = (id: number): string => {
    const known = phaseOfNode.get(id);
    if (known) return known;
    let phase = "start-up and module loading";
    const name = byId.get(id)?.callFrame.functionName;
    if (name === "(idle)") phase = "waiting (commands running)";
    else if (name === "(garbage collector)") phase = "garbage collection";
    else {
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const url = byId.get(at)!.callFrame.url;
        if (!/\/(packages|plugins)\//.test(url)) continue;
        phase = PHASES.find(([, test]) => test.test(url))?.[0] ?? "other pivot code";
        break;
      }
    }
    phaseOfNode.set(id, phase);
    return phase;
  };
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => totals.set(phaseOf(id), (totals.get(phaseOf(id)) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  return totals;
}

/** Runs a first `repro -j2 -q` in `dir` under the profiler; its wall time and phases. */
export async function phaseBreakdown(dir: string): Promise<{ ms: number; phases: Map<string, number> }> {
  const profDir = scratch("phase-profile");
  const run = await timed(["bun", "--cpu-prof", `--cpu-prof-dir=${profDir}`, PIVOT_BIN, "repro", "-j2", "-q"], dir);
  if (run.exitCode !== 0) throw new Error(`profiled repro failed in ${dir}:\n${run.stderr.slice(-800)}`);
  const [file] = readdirSync(profDir).filter((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no CPU profile written in ${profDir}`);
  return { ms: run.ms, phases: phasesOf(join(profDir, file)) };
}

/** A markdown table of phases, largest first, with per-stage times. */
export function phaseTable(phases: Map<string, number>, stages: number): string {
  const total = [...phases.values()].reduce((a, b) => a + b, 0);
  const rows = [...phases].sort((a, b) => b[1] - a[1]).map(([phase, ms]) => `| ${phase} | ${ms.toFixed(0)} ms | ${((ms / total) * 100).toFixed(0)} % | ${((ms * 1000) / stages).toFixed(0)} µs |`);
  return ["| phase (coordinating thread) | time | share | per stage |", "|---|---|---|---|", ...rows].join("\n");
}

if (import.meta.main) {
  const fallback = process.argv.includes("--quick") ? 300 : 1000;
  const perLayer = Number(process.argv.find((a) => a.startsWith("--stages="))?.slice(9) ?? fallback) / 10;
  const dir = freshLayeredDag("phases", perLayer);
  const { ms, phases } = await phaseBreakdown(dir);
  console.log(`\nFirst run of ${perLayer * 10} stages, -j2, profiled: ${ms.toFixed(0)} ms wall\n`);
  console.log(phaseTable(phases, perLayer * 10));
}
