import { describe, expect, test } from "bun:test";
import { hasStackTrace } from "../support/project";
import { makeTsProject, ranStages, writePackage } from "../support/ts-project";

const UTILS = `export function normalize(rows: { score: number }[]) {
  return rows.map((r) => ({ ...r, score: r.score / 100 }));
}
export function unused() {
  return "unused";
}
`;

const PIPELINE = `import { Pipeline, loaders as l } from "@pivot/core";
import { normalize } from "./src/utils";

interface Row { name: string; score: number }
export const pipeline = new Pipeline("demo");
const MIN_ROWS = 1;

pipeline.stage("a", {
  deps: { raw: l.csv<Row>("raw.csv", { delimiter: "," }) },
  outs: { clean: l.json<Row[]>("clean.json") },
  params: { minScore: 0.5 },
  run({ raw }, params) {
    const clean = normalize(raw).filter((r) => r.score >= params.minScore);
    if (clean.length < MIN_ROWS) throw new Error("nothing left");
    console.log("kept", clean.length);
    return { clean };
  },
});

pipeline.stage("a2", {
  deps: { clean: l.json<Row[]>("clean.json") },
  outs: { names: l.text("names.txt") },
  run: ({ clean }) => ({ names: clean.map((r) => r.name).join("\\n") }),
});

pipeline.stage("b", {
  outs: { out: l.text("b.txt") },
  run: () => ({ out: "b" }),
});
`;

function demoProject() {
  return makeTsProject({ "pipeline.ts": PIPELINE, "src/utils.ts": UTILS, "raw.csv": "name,score\nada,90\nbob,20\n" });
}

describe("TS stages: what re-runs", () => {
  test("the first run runs every stage, writes the outs and a no-op run skips them", async () => {
    const project = demoProject();
    const first = await project.pivot("repro", "--show-output");
    expect(first.exitCode).toBe(0);
    expect(ranStages(first.stderr)).toEqual(["a", "a2", "b"]);
    expect(first.stderr).toContain("a │ kept 1");
    expect(JSON.parse(project.read("clean.json"))).toEqual([{ name: "ada", score: 0.9 }]);
    expect(project.read("names.txt")).toBe("ada");
    expect(project.read(".pivot/stages/a.lock")).toContain('"fn:normalize src/utils.ts"');
    const second = await project.pivot("repro");
    expect(ranStages(second.stderr)).toEqual([]);
  });

  test("editing one stage's body re-runs it and its dependents, not the other stage", async () => {
    const project = demoProject();
    await project.pivot("repro");
    const upper = PIPELINE.replace("return { clean };", "return { clean: clean.map((r) => ({ ...r, name: r.name.toUpperCase() })) };");
    project.write("pipeline.ts", upper);
    const edited = await project.pivot("repro");
    expect(edited.exitCode).toBe(0);
    expect(ranStages(edited.stderr)).toEqual(["a", "a2"]);
    expect(project.read("names.txt")).toBe("ADA");
    // A body edit that leaves a's output byte-identical: a runs, a2 (evaluated after it) does not.
    const relabeled = upper.replace('console.log("kept", clean.length)', 'console.log("rows kept:", clean.length)');
    project.write("pipeline.ts", relabeled);
    expect(ranStages((await project.pivot("repro")).stderr)).toEqual(["a"]);
    project.write("pipeline.ts", relabeled.replace('join("\\n")', 'join(",")'));
    expect(ranStages((await project.pivot("repro")).stderr)).toEqual(["a2"]);
  });

  test("a helper used by one stage re-runs only that stage; status --explain names the helper and its file", async () => {
    const project = demoProject();
    await project.pivot("repro");
    project.write("src/utils.ts", UTILS.replace("/ 100", "/ 50"));
    const status = await project.pivot("status", "--explain");
    expect(status.stdout).toContain("code changed: fn:normalize src/utils.ts");
    expect(status.stdout).not.toMatch(/● b /);
    const result = await project.pivot("repro");
    expect(ranStages(result.stderr)).toEqual(["a", "a2"]);
  });

  test("comments and whitespace anywhere, and renaming an unused export, re-run nothing", async () => {
    const project = demoProject();
    await project.pivot("repro");
    project.write("pipeline.ts", `// The demo pipeline.\n\n${PIPELINE.replace("const MIN_ROWS = 1;", "/** at least one */\nconst   MIN_ROWS =   1 ;")}`);
    project.write("src/utils.ts", `/* helpers */\n${UTILS.replace("function unused()", "function renamedUnused()")}`);
    const result = await project.pivot("repro");
    expect(result.exitCode).toBe(0);
    expect(ranStages(result.stderr)).toEqual([]);
  });

  test("a changed constant, loader option or param value re-runs the stage and says which", async () => {
    const project = demoProject();
    await project.pivot("repro");
    project.write("pipeline.ts", PIPELINE.replace("MIN_ROWS = 1", "MIN_ROWS = 0"));
    expect((await project.pivot("status")).stdout).toContain("code changed: const:MIN_ROWS pipeline.ts");
    project.write("pipeline.ts", PIPELINE.replace('delimiter: ","', 'delimiter: ",", numbers: true'));
    expect((await project.pivot("status")).stdout).toContain("code changed: loader:raw pipeline.ts");
    project.write("pipeline.ts", PIPELINE.replace("minScore: 0.5", "minScore: 0.1"));
    expect((await project.pivot("status")).stdout).toContain("param minScore changed: 0.5 → 0.1");
    project.write("pipeline.ts", PIPELINE);
    project.write("params.yaml", "a:\n  minScore: 0.1\n");
    const result = await project.pivot("repro");
    expect(result.stderr).toContain("param minScore changed: 0.5 → 0.1");
    expect(JSON.parse(project.read("clean.json"))).toHaveLength(2);
  });

  test("bumping an imported package's version re-runs the stages that import it", async () => {
    const project = makeTsProject({
      "pipeline.ts": `import { Pipeline, loaders as l } from "@pivot/core";
import { shout } from "tiny-lib";
export const pipeline = new Pipeline("pkg");
pipeline.stage("uses", { outs: { o: l.text("uses.txt") }, run: () => ({ o: shout("hi") }) });
pipeline.stage("ignores", { outs: { o: l.text("ignores.txt") }, run: () => ({ o: "plain" }) });
`,
    });
    writePackage(project, "tiny-lib", "1.0.0", "export const shout = (s) => s.toUpperCase();\n");
    await project.pivot("repro");
    expect(project.read("uses.txt")).toBe("HI");
    writePackage(project, "tiny-lib", "1.1.0", "export const shout = (s) => s.toUpperCase() + '!';\n");
    const status = await project.pivot("status", "--explain");
    expect(status.stdout).toContain("code changed: pkg:tiny-lib (tiny-lib@1.0.0 → tiny-lib@1.1.0)");
    const result = await project.pivot("repro");
    expect(ranStages(result.stderr)).toEqual(["uses"]);
    expect(project.read("uses.txt")).toBe("HI!");
  });
});

describe("TS stages: running", () => {
  test("a stage that throws fails the run with its message, file and line, and skips its dependents", async () => {
    const project = demoProject();
    project.write("raw.csv", "name,score\nbob,20\n");
    const result = await project.pivot("repro");
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain("✖ a nothing left (pipeline.ts:14)");
    expect(result.stderr).toContain("thrown at pipeline.ts:14:");
    expect(result.stderr).toContain("a2 not run: upstream a failed");
    expect(hasStackTrace(result.output)).toBe(false);
  });

  test("a dep its loader cannot parse fails the stage, naming the dep, the file and the line", async () => {
    const project = demoProject();
    project.write("raw.csv", 'name,score\n"ada,90\n');
    const result = await project.pivot("repro");
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain("✖ a cannot load dep 'raw' (raw.csv) with the csv loader: line 2: unclosed quote");
  });

  test("one warm worker runs many stages, importing the pipeline once", async () => {
    const stages = Array.from({ length: 5 }, (_, i) => `pipeline.stage("s${i}", { outs: { o: l.text("s${i}.txt") }, run: () => ({ o: String(imports) }) });`).join("\n");
    const project = makeTsProject({
      "pipeline.ts": `import { Pipeline, loaders as l } from "@pivot/core";\nconst imports = ((globalThis as any).__imports = ((globalThis as any).__imports ?? 0) + 1);\nexport const pipeline = new Pipeline("warm");\n${stages}\n`,
    });
    expect((await project.pivot("repro", "--jobs", "1")).exitCode).toBe(0);
    expect([0, 1, 2, 3, 4].map((i) => project.read(`s${i}.txt`))).toEqual(["1", "1", "1", "1", "1"]);
  });

  test("incremental outs get their previous value; directory outs are written by the stage", async () => {
    const project = makeTsProject({
      "pipeline.ts": `import { Pipeline, loaders as l } from "@pivot/core";
import { writeFileSync } from "node:fs";
export const pipeline = new Pipeline("inc");
pipeline.stage("count", {
  outs: { state: l.incremental(l.json<{ runs: number }>("state.json")), models: l.directory("models") },
  alwaysChanged: true,
  run(_deps, _params, ctx) {
    writeFileSync(ctx.outs.models + "/m.txt", "model");
    return { state: { runs: (ctx.previous.state?.runs ?? 0) + 1 } };
  },
});
`,
    });
    await project.pivot("repro");
    const second = await project.pivot("repro");
    expect(second.exitCode).toBe(0);
    expect(JSON.parse(project.read("state.json"))).toEqual({ runs: 2 });
    expect(project.read("models/m.txt")).toBe("model");
  });

  test("a pivot.yaml stage can run an exported TS function with paths and params", async () => {
    const project = makeTsProject({
      "pivot.yaml": "stages:\n  train:\n    run: ./stages.ts#train\n    deps: [in.txt]\n    outs: [out.txt]\n    params: [train.factor]\n",
      "params.yaml": "train:\n  factor: 3\n",
      "in.txt": "7",
      "stages.ts": `import { readFileSync, writeFileSync } from "node:fs";
export function train({ deps, outs, params }: { deps: string[]; outs: string[]; params: { train: { factor: number } } }) {
  console.log("training");
  writeFileSync(outs[0]!, String(Number(readFileSync(deps[0]!, "utf8")) * params.train.factor));
}
`,
    });
    const first = await project.pivot("repro");
    expect(first.exitCode).toBe(0);
    expect(project.read("out.txt")).toBe("21");
    project.write("stages.ts", `${project.read("stages.ts")}export function other() {}\n`);
    expect(ranStages((await project.pivot("repro")).stderr)).toEqual([]);
    project.write("stages.ts", project.read("stages.ts").replace('"training"', '"training!"'));
    expect((await project.pivot("status")).stdout).toContain("code changed: run:train stages.ts");
  });
});
