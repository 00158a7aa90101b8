import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StageLogLine } from "../plugin/executor-plugin";
import type { TsJob } from "./ts-job";
import { TsWorkerPool } from "./ts-worker-pool";

const CORE = join(import.meta.dir, "../index.ts");
const root = mkdtempSync(join(tmpdir(), "pivot-pool-"));
const pool = new TsWorkerPool();
afterAll(async () => {
  await pool.dispose();
  rmSync(root, { recursive: true, force: true });
});

writeFileSync(join(root, "raw.csv"), "name,score\nada,0.9\nbob,0.2\n");
writeFileSync(join(root, "bad.json"), "{ not json");
writeFileSync(
  join(root, "pipeline.ts"),
  `import { Pipeline, loaders as l } from ${JSON.stringify(CORE)};
export const pipeline = new Pipeline("test");
(globalThis as any).imports = ((globalThis as any).imports ?? 0) + 1;

pipeline.stage("clean", {
  deps: { raw: l.csv<{ name: string; score: number }>("raw.csv") },
  outs: { clean: l.json("clean.json") },
  params: { min: 0.5 },
  run({ raw }, params) {
    console.log("rows:", raw.length);
    process.stdout.write("partial ");
    process.stdout.write("line\\n");
    console.error("to stderr");
    return { clean: raw.filter((r) => r.score >= params.min) };
  },
});
pipeline.stage("count", { outs: { n: l.text("imports.txt") }, run: () => ({ n: String((globalThis as any).imports) }) });
pipeline.stage("boom", {
  run() {
    throw new Error("bad input");
  },
});
pipeline.stage("bad-dep", { deps: { cfg: l.json("bad.json") }, run: () => undefined });
pipeline.stage("no-out", { outs: { o: l.text("o.txt") }, run: () => ({}) as never });
pipeline.stage("exit", { run: () => process.exit(7) });
pipeline.stage("hang", { run: () => new Promise<void>(() => undefined) });
pipeline.stage("stray", {
  run: () =>
    new Promise<void>((done) => {
      setTimeout(() => {
        throw new Error("stray timer");
      }, 1);
      setTimeout(done, 500);
    }),
});
`,
);
writeFileSync(
  join(root, "full.ts"),
  `import { Pipeline, loaders as l, formatReason } from ${JSON.stringify(CORE)};
export const pipeline = new Pipeline("full");
pipeline.stage("uses-engine", { outs: { o: l.text("full.txt") }, run: () => ({ o: formatReason({ kind: "forced" }) }) });
`,
);
writeFileSync(join(root, "stages.ts"), `export function train(ctx: any) { require("node:fs").writeFileSync(ctx.outs[0], JSON.stringify(ctx)); }\n`);

function job(stage: string, params: Record<string, unknown> = {}): TsJob {
  return { projectRoot: root, module: join(root, "pipeline.ts"), exportName: "pipeline", stage, name: stage, params, deps: [], outs: [], wdir: root };
}

async function run(j: TsJob, signal = new AbortController().signal) {
  const lines: StageLogLine[] = [];
  const result = await pool.run(j, { signal, onOutput: (line) => lines.push(line) });
  return { result, lines };
}

describe("TsWorkerPool", () => {
  test("loads deps, calls run with params, saves outs and captures console lines", async () => {
    const { result, lines } = await run(job("clean", { min: 0.5 }));
    expect(result).toEqual({ ok: true });
    expect(JSON.parse(readFileSync(join(root, "clean.json"), "utf8"))).toEqual([{ name: "ada", score: 0.9 }]);
    expect(lines).toEqual([
      { stream: "stdout", text: "rows: 2" },
      { stream: "stdout", text: "partial line" },
      { stream: "stderr", text: "to stderr" },
    ]);
  });

  test("a warm worker reuses the imported module", async () => {
    const before = pool.started;
    expect((await run(job("count"))).result.ok).toBe(true);
    expect(readFileSync(join(root, "imports.txt"), "utf8")).toBe("1");
    expect(pool.started).toBe(before);
  });

  test("a stage that throws fails with its message and the user's file and line", async () => {
    const { result } = await run(job("boom"));
    expect(result.ok).toBe(false);
    expect(result.error).toBe("bad input (pipeline.ts:20)");
    expect(result.detail).toContain("pipeline.ts:20:");
  });

  test("a dep its loader cannot parse names the dep, the file and the loader", async () => {
    const { result } = await run(job("bad-dep"));
    expect(result.error).toStartWith("cannot load dep 'cfg' (bad.json) with the json loader:");
  });

  test("a missing out value is an error", async () => {
    expect((await run(job("no-out"))).result.error).toBe("run() returned no value for out 'o'");
  });

  test("a worker that exits fails its stage and is replaced", async () => {
    const { result } = await run(job("exit"));
    expect(result.ok).toBe(false);
    expect(result.error).toContain("exited with code 7");
    expect((await run(job("count"))).result.ok).toBe(true);
  });

  test("an error thrown outside the stage's promise fails the stage and replaces the worker", async () => {
    const { result } = await run(job("stray"));
    expect(result.ok).toBe(false);
    expect(result.error).toContain("stray timer");
    expect((await run(job("count"))).result.ok).toBe(true);
  });

  test("an exported function gets paths and nested params", async () => {
    const out = join(root, "ctx.json");
    const fnJob: TsJob = { projectRoot: root, module: join(root, "stages.ts"), exportName: "train", name: "train", params: { "train.lr": 0.1, model: "s" }, deps: [join(root, "raw.csv")], outs: [out], wdir: root };
    expect((await run(fnJob)).result).toEqual({ ok: true });
    expect(JSON.parse(readFileSync(out, "utf8"))).toMatchObject({ stage: "train", deps: [join(root, "raw.csv")], params: { train: { lr: 0.1 }, model: "s" } });
  });

  test("a missing export is reported", async () => {
    const fnJob: TsJob = { projectRoot: root, module: join(root, "stages.ts"), exportName: "fit", name: "fit", params: {}, deps: [], outs: [], wdir: root };
    expect((await run(fnJob)).result.error).toBe("stages.ts has no exported function 'fit'");
  });

  test("a pipeline importing a name @pivot/core does not have fails to import, naming the file and the name", async () => {
    const fullJob: TsJob = { ...job("uses-engine"), module: join(root, "full.ts") };
    const { result } = await run(fullJob);
    expect(result.ok).toBe(false);
    expect(result.error).toContain("full.ts failed to import");
    expect(result.error).toContain("formatReason");
    expect((await run(job("count"))).result.ok).toBe(true);
  });

  test("an aborted stage is interrupted", async () => {
    const controller = new AbortController();
    const pending = run(job("hang"), controller.signal);
    setTimeout(() => controller.abort(), 50);
    expect((await pending).result).toEqual({ ok: false, error: "interrupted" });
  });
});
