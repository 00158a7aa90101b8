// `bun bench/watch-latency.ts [--runs=N]`: how long `pivot repro --watch` takes from a file change to
// the start of the stage it affects (the `stage-start` JSON event), median of N changes.
// Target: within the debounce window + 100 ms.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PIVOT_BIN, scratch, writeFiles } from "./support";

const runs = Number(process.argv.find((a) => a.startsWith("--runs="))?.slice(7) ?? 9);

interface Scenario {
  name: string;
  stages: number;
  debounceMs: number;
}

const scenarios: Scenario[] = [
  { name: "1 stage, default debounce", stages: 1, debounceMs: 300 },
  { name: "1 stage, no debounce (engine only)", stages: 1, debounceMs: 0 },
  { name: "500 independent stages", stages: 500, debounceMs: 300 },
];

/** `count` independent stages, stage i copying in/s<i>.txt to out/s<i>.txt. */
function writeProject(root: string, count: number): void {
  const files: Record<string, string> = { ".pivot/config.yaml": "" };
  const yaml = ["stages:"];
  for (let i = 0; i < count; i++) {
    files[`in/s${i}.txt`] = `${i}\n`;
    yaml.push(`  s${i}:`, `    cmd: cp in/s${i}.txt out/s${i}.txt`, `    deps: [in/s${i}.txt]`, `    outs: [out/s${i}.txt]`);
  }
  files["pivot.yaml"] = `${yaml.join("\n")}\n`;
  writeFiles(root, files);
}

/** JSON events of a running watch process, awaited one type at a time. */
function eventReader(stream: ReadableStream<Uint8Array>) {
  const lines: Array<{ type: string; stage?: string }> = [];
  let wake: (() => void) | undefined;
  void (async () => {
    const decoder = new TextDecoder();
    let buffered = "";
    for await (const chunk of stream) {
      buffered += decoder.decode(chunk, { stream: true });
      for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.trim()) lines.push(JSON.parse(line));
      }
      wake?.();
    }
  })();
  let cursor = 0;
  return async (type: string, stage?: string, timeoutMs = 60_000): Promise<number> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (cursor < lines.length) {
        const event = lines[cursor++]!;
        if (event.type === type && (stage === undefined || event.stage === stage)) return performance.now();
      }
      if (Date.now() > deadline) throw new Error(`no ${type} event within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 50);
      });
    }
  };
}

async function measure(scenario: Scenario): Promise<number[]> {
  const root = scratch("watch");
  writeProject(root, scenario.stages);
  const proc = Bun.spawn(["bun", PIVOT_BIN, "repro", "--watch", "--json", "--debounce", String(scenario.debounceMs)], {
    cwd: root,
    stdout: "pipe",
    stderr: "inherit",
    env: { ...process.env, NO_COLOR: "1" },
  });
  const next = eventReader(proc.stdout);
  try {
    await next("idle", undefined, 300_000);
    const latencies: number[] = [];
    for (let i = 0; i < runs; i++) {
      const changedAt = performance.now();
      writeFileSync(join(root, "in/s0.txt"), `change ${i}\n`);
      latencies.push((await next("stage-start", "s0")) - changedAt);
      await next("idle");
      await Bun.sleep(100);
    }
    return latencies;
  } finally {
    proc.kill("SIGINT");
    await proc.exited;
  }
}

const rows: string[][] = [["scenario", "debounce", "median", "min", "max", "target", "ok?"]];
for (const scenario of scenarios) {
  const latencies = (await measure(scenario)).sort((a, b) => a - b);
  const median = latencies[Math.floor(latencies.length / 2)]!;
  const target = scenario.debounceMs + 100;
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  rows.push([scenario.name, ms(scenario.debounceMs), ms(median), ms(latencies[0]!), ms(latencies.at(-1)!), `≤ ${ms(target)}`, median <= target ? "yes" : "NO"]);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => `| ${r.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
console.log(`file change → stage start, ${runs} changes each\n`);
console.log([line(rows[0]!), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n"));
