import { describe, expect, test } from "bun:test";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
const parse = (text: string) => Bun.YAML.parse(text) as any; // biome-ignore lint: test data
import { hasStackTrace, makeProject } from "../support/project";

const FIXTURE = join(import.meta.dir, "../fixtures/dvc-project");

/** Every file of a folder, as a makeProject map. */
function filesOf(dir: string): Record<string, string> {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return Object.fromEntries(entries.map((entry) => [relative(dir, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name), "utf8")]));
}

const PIPELINE = `vars:
  - {greeting: hello}
stages:
  prepare:
    cmd: tr a-z A-Z < raw.txt > clean.txt
    deps: [raw.txt]
    params: [prepare.upper]
    outs: [clean.txt]
    frozen: true
  train:
    matrix: {model: [small, large], seed: [1, 2]}
    cmd: echo \${greeting} \${model} \${seed} > models/\${model}-\${seed}.txt
    deps: [clean.txt]
    outs:
      - models/\${model}-\${seed}.txt
    metrics:
      - metrics/\${model}-\${seed}.json
    plots:
      - {path: "plots/\${model}-\${seed}.csv", x: step, y: [loss, acc], template: scatter}
    mutex: [gpu]
  report:
    run: stages.ts#report
    deps: [clean.txt]
    outs: [{path: report.txt, cache: false}]
`;

describe("pivot export", () => {
  test("writes an equivalent dvc.yaml that keeps the matrix, and round-trips through import-dvc", async () => {
    const project = makeProject({ "pivot.yaml": PIPELINE, "params.yaml": "prepare:\n  upper: true\n", "raw.txt": "hi\n", "stages.ts": "export function report() {}\n" });
    const before = await project.pivot("list", "--json");
    expect(before.exitCode).toBe(0);

    const exported = await project.pivot("export");
    expect(exported.exitCode).toBe(0);
    expect(exported.stdout).toContain("Exported 3 stages to dvc.yaml");
    const dvc = parse(project.read("dvc.yaml"));
    expect(dvc.vars).toEqual([{ greeting: "hello" }]);
    expect(dvc.stages.train).toMatchObject({
      matrix: { model: ["small", "large"], seed: [1, 2] },
      cmd: "echo ${greeting} ${item.model} ${item.seed} > models/${item.model}-${item.seed}.txt",
      outs: ["models/${item.model}-${item.seed}.txt"],
      metrics: [{ "metrics/${item.model}-${item.seed}.json": { cache: false } }],
      plots: [{ "plots/${item.model}-${item.seed}.csv": { x: "step", template: "scatter" } }],
      meta: { pivot: { mutex: ["gpu"] } },
    });
    expect(dvc.plots).toEqual([{ "plots/${item.model}-${item.seed}.csv": { x: "step", template: "scatter", y: ["loss", "acc"] } }]);
    expect(dvc.stages.prepare.params).toEqual(["prepare.upper"]);
    expect(dvc.stages.prepare.frozen).toBe(true);
    expect(dvc.stages.report).toMatchObject({ cmd: "pivot run report --force --no-commit", outs: [{ "report.txt": { cache: false } }], meta: { pivot: { run: "stages.ts#report" } } });

    project.remove("pivot.yaml");
    const imported = await project.pivot("import-dvc");
    expect(imported.exitCode).toBe(0);
    const after = await project.pivot("list", "--json");
    expect(JSON.parse(after.stdout)).toEqual(JSON.parse(before.stdout));
    expect(parse(project.read("pivot.yaml")).stages.prepare.frozen).toBe(true);
    const plots = parse(project.read("pivot.yaml")).stages.train.plots;
    expect(plots).toEqual([{ path: "plots/${model}-${seed}.csv", x: "step", template: "scatter", y: ["loss", "acc"] }]);
  });

  test("a dvc.yaml that pivot did not write is only replaced with --force", async () => {
    const project = makeProject({ "pivot.yaml": PIPELINE, "params.yaml": "prepare:\n  upper: true\n", "dvc.yaml": "stages: {}\n" });
    const refused = await project.pivot("export");
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("dvc.yaml exists and was not written by pivot export");
    expect((await project.pivot("export", "--force")).exitCode).toBe(0);
    expect((await project.pivot("export")).exitCode).toBe(0);
  });
});

describe("pivot import-dvc", () => {
  test("a DVC project imports, keeps the results dvc.lock vouches for, and runs", async () => {
    const project = makeProject(filesOf(FIXTURE));
    const imported = await project.pivot("import-dvc");
    expect(imported.exitCode).toBe(0);
    expect(imported.stdout).toContain("Wrote pivot.yaml with 5 stages from dvc.yaml");
    expect(imported.stdout).toContain("Up to date (results carried over from dvc.lock): prepare, count@words, count@lines, shards-a");
    expect(imported.stdout).toContain("report: metrics.json: its content differs from what dvc.lock recorded");
    expect(imported.stdout).toContain("shards-b: dvc.lock has no entry for it (it never ran under DVC)");
    const pipeline = parse(project.read("pivot.yaml"));
    expect(pipeline.stages.count.matrix).toEqual({ item: ["words", "lines"] });
    expect(project.exists(".pivot/stages/prepare.lock")).toBe(true);
    expect(project.exists(".pivot/stages/report.lock")).toBe(false);

    const status = await project.pivot("status", "--json");
    expect(status.exitCode).toBeLessThan(2);
    const repro = await project.pivot("repro");
    expect(repro.exitCode).toBe(0);
    expect(repro.stderr).toContain("2 ran, 4 skipped");
    expect(JSON.parse(project.read("metrics.json"))).toEqual({ words: 5, lines: 2 });
    expect(project.read("shards/b.txt")).toBe("he");
    const again = await project.pivot("status");
    expect(again.output).toContain("6 stages up to date");
  });

  test("an existing pivot.yaml is not overwritten without --force", async () => {
    const project = makeProject({ ...filesOf(FIXTURE), "pivot.yaml": "stages: {keep: {cmd: echo}}\n" });
    const refused = await project.pivot("import-dvc");
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("pivot.yaml already exists");
    expect(refused.stderr).toContain("--force");
    expect(project.read("pivot.yaml")).toContain("keep");
    expect(hasStackTrace(refused.output)).toBe(false);
    expect((await project.pivot("import-dvc", "--force")).exitCode).toBe(0);
  });

  test("a missing or broken dvc.yaml is a clear error", async () => {
    const missing = await makeProject({}).pivot("import-dvc");
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain("No dvc.yaml at");
    const broken = await makeProject({ "dvc.yaml": "stages: [\n" }).pivot("import-dvc");
    expect(broken.exitCode).toBe(1);
    expect(broken.stderr).toContain("Cannot read dvc.yaml");
    expect(hasStackTrace(broken.output)).toBe(false);
  });
});
