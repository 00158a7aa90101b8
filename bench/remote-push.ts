// Remote push benchmark: pivot push to a real S3-protocol server (s3rver, in its own process)
// side by side with raw Bun S3Client uploads of the same files at the same concurrency.
// Standalone: `bun bench/remote-push.ts [--quick]`; `remotePushRows()` for bench/run.ts.
import { S3Client } from "bun";
import { readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { type Row, formatTable, median, ms, pivot, scratch, timed, writeFiles } from "./support";

const MiB = 1024 * 1024;

interface Server {
  endpoint: string;
  bucket: string;
  env: Record<string, string>;
  stop(): void;
}

async function startServer(): Promise<Server> {
  const proc = Bun.spawn(["bun", join(import.meta.dir, "s3-server-process.ts"), "bench"], { stdout: "pipe", stderr: "inherit" });
  const reader = proc.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the s3rver process exited before it was ready");
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  const info = JSON.parse(text.split("\n")[0]!) as Omit<Server, "stop">;
  return { ...info, stop: () => proc.kill("SIGTERM") };
}

/** Runs `fn` over `items`, `jobs` at a time. */
async function pool<T>(items: readonly T[], jobs: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: jobs }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

function rateRow(name: string, pivotMs: number, rawMs: number, bytes: number): Row {
  const rate = (t: number) => `${((bytes / MiB / t) * 1000).toFixed(1)} MiB/s`;
  const ratio = rawMs / pivotMs;
  return { benchmark: name, pivot: `${ms(pivotMs)} (${rate(pivotMs)})`, baseline: `${ms(rawMs)} (${rate(rawMs)})`, ratio: `${ratio.toFixed(2)}× raw rate`, target: "≥ 0.5× raw rate", verdict: ratio >= 0.5 ? "yes" : "NO" };
}

export async function remotePushRows(options: { quick?: boolean } = {}): Promise<Row[]> {
  const smallCount = options.quick ? 500 : 2000;
  const bigMiB = options.quick ? 100 : 500;
  const jobs = 4 * availableParallelism();
  const server = await startServer();
  try {
    const dir = scratch("remote-push");
    writeFiles(dir, {
      ".pivot/config.yaml": `remotes:\n  bench:\n    url: s3://${server.bucket}/pivot\nremote:\n  default: bench\n  jobs: ${jobs}\n`,
      "gen-small.ts": `import { mkdirSync, writeFileSync } from "node:fs";\nmkdirSync("small", { recursive: true });\nfor (let i = 0; i < ${smallCount}; i++) writeFileSync(\`small/f\${i}.bin\`, crypto.getRandomValues(new Uint8Array(1024 + (i % 7) * 512)));\n`,
      "pivot.yaml": `stages:\n  small:\n    cmd: bun gen-small.ts\n    deps: [gen-small.ts]\n    outs: [small/]\n  big:\n    cmd: head -c ${bigMiB * MiB} /dev/urandom > big.bin\n    outs: [big.bin]\n`,
    });
    const env = server.env;
    const repro = await timed(pivot("repro"), dir, env);
    if (repro.exitCode !== 0) throw new Error(`repro failed: ${repro.stderr.slice(-500)}`);
    const client = new S3Client({ endpoint: server.endpoint, bucket: server.bucket, accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, region: env.AWS_REGION });

    // Warm the server up (JIT, bucket folders) so neither side pays for it.
    await pool(Array.from({ length: 200 }, (_, i) => i), jobs, (i) => client.write(`warmup/${i}`, "x"));
    const names = readdirSync(join(dir, "small"));
    const smallBytes = names.reduce((sum, n) => sum + Bun.file(join(dir, "small", n)).size, 0);
    let start = performance.now();
    await pool(names, jobs, (name) => client.write(`raw/small/${name}`, Bun.file(join(dir, "small", name))));
    const rawSmall = performance.now() - start;
    const pushSmall = await timed(pivot("push", "small"), dir, env);
    if (pushSmall.exitCode !== 0) throw new Error(`push small failed: ${pushSmall.stderr}`);

    const big = Bun.file(join(dir, "big.bin"));
    start = performance.now();
    await client.file("raw/big.bin").write(big, { partSize: 16 * MiB, queueSize: Math.max(1, Math.floor(jobs / 2)) });
    const rawBig = performance.now() - start;
    const pushBig = await timed(pivot("push", "big"), dir, env);
    if (pushBig.exitCode !== 0) throw new Error(`push big failed: ${pushBig.stderr}`);

    const noop = await median(pivot("push"), dir, 5, env);
    return [
      rateRow(`push ${smallCount} small files (${(smallBytes / MiB).toFixed(1)} MiB), -j${jobs}`, pushSmall.ms, rawSmall, smallBytes),
      rateRow(`push one ${bigMiB} MiB file`, pushBig.ms, rawBig, big.size),
      { benchmark: `no-op push (${smallCount + 2} objects, remote index)`, pivot: ms(noop), baseline: "-", ratio: "-", target: "≤ 300 ms", verdict: noop <= 300 ? "yes" : "NO" },
    ];
  } finally {
    server.stop();
  }
}

if (import.meta.main) {
  const rows = await remotePushRows({ quick: process.argv.includes("--quick") });
  console.log(formatTable(rows));
}
