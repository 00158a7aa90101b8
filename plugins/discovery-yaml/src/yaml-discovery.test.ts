import { afterAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { StageDef } from "@pivot/core/internal";
import plugin from "./index";
import { loadPipeline, makeProject, removeProjects } from "./project-test-support";
import { yamlDiscovery } from "./yaml-discovery";

afterAll(removeProjects);

const FULL = `name: demo
vars: [vars.yaml, {threshold: 3}]
params: params.yaml
stages:
  prepare:
    cmd: python prepare.py \${threshold}
    wdir: .
    deps: [prepare.py, data/raw.csv]
    outs: [data/clean.csv, {path: models/, cache: true, persist: false}]
    metrics: [{path: metrics.json, cache: false}]
    plots: [{path: plots/loss.csv, x: step, y: loss, template: line}]
    params: [prepare.threshold, {custom.yaml: [a, b.c]}]
    mutex: [gpu]
    desc: optional text
    always_changed: true
  train:
    run: ./stages.ts#train
    deps: [stages.ts]
    outs: [state/, {path: log.txt, persist: true}]
`;

describe("the plugin", () => {
  test("registers one discovery plugin for pivot.yaml and pivot.yml", () => {
    expect(plugin.name).toBe("@pivot/plugin-discovery-yaml");
    expect(plugin.discovery?.map((d) => [d.name, d.configFiles, d.cacheVersion])).toEqual([["yaml", ["pivot.yaml", "pivot.yml"], "yaml-2"]]);
    expect(yamlDiscovery.configFiles).toEqual(["pivot.yaml", "pivot.yml"]);
  });
});

describe("a valid pipeline", () => {
  test("a full file becomes the exact PipelineDef", async () => {
    const root = makeProject({ "pivot.yaml": FULL, "vars.yaml": "threshold: 1\n" });
    const pipeline = await loadPipeline(root);
    expect(pipeline.name).toBe("demo");
    expect(pipeline.dir).toBe(".");
    expect(pipeline.file).toBe("pivot.yaml");
    expect(pipeline.stages.map((s) => s.name)).toEqual(["prepare", "train"]);
    const prepare: StageDef = {
      name: "prepare",
      body: { kind: "cmd", cmd: ["python prepare.py 3"] },
      deps: [{ path: "prepare.py" }, { path: "data/raw.csv" }],
      outs: [
        { path: "data/clean.csv", kind: "out", cache: true, isDir: false },
        { path: "models", kind: "out", cache: true, isDir: true },
        { path: "metrics.json", kind: "metric", cache: false, isDir: false },
        { path: "plots/loss.csv", kind: "plot", cache: true, isDir: false, plot: { x: "step", y: "loss", template: "line" } },
      ],
      params: [
        { file: "params.yaml", keys: ["prepare.threshold"] },
        { file: "custom.yaml", keys: ["a", "b.c"] },
      ],
      mutex: ["gpu"],
      wdir: ".",
      desc: "optional text",
      alwaysChanged: true,
      source: { file: "pivot.yaml", line: 5 },
    };
    expect(pipeline.stages[0]).toStrictEqual(prepare);
  });

  test("a run: stage points at an exported TS function and outs default to cached", async () => {
    const root = makeProject({ "pivot.yaml": FULL, "vars.yaml": "{}\n" });
    const train = (await loadPipeline(root)).stages[1];
    expect(train).toStrictEqual({
      name: "train",
      body: { kind: "ts", file: "stages.ts", exportName: "train" },
      deps: [{ path: "stages.ts" }],
      outs: [
        { path: "state", kind: "out", cache: true, isDir: true },
        { path: "log.txt", kind: "incremental", cache: true, isDir: false },
      ],
      params: [],
      mutex: [],
      wdir: ".",
      source: { file: "pivot.yaml", line: 16 },
    });
  });

  test("a pipeline in a sub-folder gets project-relative paths, and '//' paths are root-relative", async () => {
    const root = makeProject({
      "pipelines/train/pivot.yaml": `stages:
  fit:
    cmd: [bun fit.ts, echo done]
    wdir: work
    deps: [fit.ts, //shared/data.csv]
    outs: [model.bin]
    params: [fit.lr, {//params.yaml: [seed]}]
`,
    });
    const pipeline = await loadPipeline(root, "pipelines/train/pivot.yaml");
    expect(pipeline.name).toBe("pipelines/train");
    expect(pipeline.dir).toBe("pipelines/train");
    expect(pipeline.file).toBe("pipelines/train/pivot.yaml");
    const fit = pipeline.stages[0];
    expect(fit?.body).toEqual({ kind: "cmd", cmd: ["bun fit.ts", "echo done"] });
    expect(fit?.wdir).toBe("pipelines/train/work");
    expect(fit?.deps).toEqual([{ path: "pipelines/train/fit.ts" }, { path: "shared/data.csv" }]);
    expect(fit?.outs[0]?.path).toBe("pipelines/train/model.bin");
    expect(fit?.params).toEqual([
      { file: "pipelines/train/params.yaml", keys: ["fit.lr"] },
      { file: "params.yaml", keys: ["seed"] },
    ]);
    expect(fit?.source).toEqual({ file: "pipelines/train/pivot.yaml", line: 2 });
  });

  test("'..', '//' and absolute paths inside the project become project paths in every path field", async () => {
    const root = makeProject({ "shared/vars.yaml": "name: v\n", "beta/pivot.yaml": "" });
    const pipelineText = `vars: [../shared/vars.yaml]
params: ../shared/params.yaml
stages:
  fit:
    cmd: x
    wdir: ..
    deps: [../alpha/a.txt, //alpha/b.txt, ${root}/alpha/c.txt, ../beta/../alpha/d.txt]
    outs: [../shared/model.bin, ../shared/dir/]
    metrics: [../metrics/m.json]
    plots: [{path: //plots/p.csv}]
    params: [k, {../shared/other.yaml: [x]}]
  run-ts:
    run: ../code/stages.ts#train
`;
    writeFileSync(join(root, "beta/pivot.yaml"), pipelineText);
    const pipeline = await loadPipeline(root, "beta/pivot.yaml");
    const [fit, runTs] = pipeline.stages;
    expect(pipeline.inputs).toEqual(["shared/vars.yaml"]);
    expect(fit?.wdir).toBe(".");
    expect(fit?.deps.map((d) => d.path)).toEqual(["alpha/a.txt", "alpha/b.txt", "alpha/c.txt", "alpha/d.txt"]);
    expect(fit?.outs.map((o) => [o.path, o.isDir])).toEqual([
      ["shared/model.bin", false],
      ["shared/dir", true],
      ["metrics/m.json", false],
      ["plots/p.csv", false],
    ]);
    expect(fit?.params).toEqual([
      { file: "shared/params.yaml", keys: ["k"] },
      { file: "shared/other.yaml", keys: ["x"] },
    ]);
    expect(runTs?.body).toEqual({ kind: "ts", file: "code/stages.ts", exportName: "train" });
  });

  test("a sub-folder pipeline's wdir defaults to its folder", async () => {
    const root = makeProject({ "sub/pivot.yml": "stages:\n  a:\n    cmd: echo a\n" });
    const pipeline = await loadPipeline(root, "sub/pivot.yml");
    expect(pipeline.file).toBe("sub/pivot.yml");
    expect(pipeline.stages[0]?.wdir).toBe("sub");
  });

  test("the root pipeline is named after the project folder", async () => {
    const root = makeProject({ "pivot.yaml": "stages:\n  a:\n    cmd: echo a\n" });
    expect((await loadPipeline(root)).name).toBe(basename(root));
  });

  test("params refer to the default params file unless the pipeline names another", async () => {
    const root = makeProject({
      "sub/pivot.yaml": "params: ../conf/params.yaml\nstages:\n  a:\n    cmd: x\n    params: [a.b, {conf/params.yaml: [c]}, {extra.yaml: }]\n",
    });
    const [stage] = (await loadPipeline(root, "sub/pivot.yaml")).stages;
    expect(stage?.params).toEqual([
      { file: "conf/params.yaml", keys: ["a.b"] },
      { file: "sub/conf/params.yaml", keys: ["c"] },
      { file: "sub/extra.yaml", keys: [] },
    ]);
  });

  test("params refs of the same file merge, and a whole-file ref wins", async () => {
    const root = makeProject({
      "pivot.yaml": "stages:\n  a:\n    cmd: x\n    params: [a, {params.yaml: [b, a]}, {other.yaml: [k]}, {other.yaml: []}]\n",
    });
    expect((await loadPipeline(root)).stages[0]?.params).toEqual([
      { file: "params.yaml", keys: ["a", "b"] },
      { file: "other.yaml", keys: [] },
    ]);
  });

  test("metrics and plots accept plain paths and DVC's one-key form", async () => {
    const root = makeProject({
      "pivot.yaml": `stages:
  a:
    cmd: x
    outs: [{big.bin: {cache: false}}]
    metrics: [m.json, {n.json: {cache: true}}]
    plots: [p.csv, {path: q.csv, y: [a, b], title: Loss, cache: false}]
`,
    });
    expect((await loadPipeline(root)).stages[0]?.outs).toEqual([
      { path: "big.bin", kind: "out", cache: false, isDir: false },
      { path: "m.json", kind: "metric", cache: false, isDir: false },
      { path: "n.json", kind: "metric", cache: true, isDir: false },
      { path: "p.csv", kind: "plot", cache: true, isDir: false },
      { path: "q.csv", kind: "plot", cache: false, isDir: false, plot: { y: ["a", "b"], title: "Loss" } },
    ]);
  });

  test("YAML anchors and merge keys share settings between stages", async () => {
    const root = makeProject({
      "pivot.yaml": `stages:
  a: &base
    cmd: echo a
    deps: [shared.txt]
  b:
    <<: *base
    outs: [b.txt]
`,
    });
    const [, b] = (await loadPipeline(root)).stages;
    expect(b?.deps).toEqual([{ path: "shared.txt" }]);
    expect(b?.outs[0]?.path).toBe("b.txt");
    expect(b?.source.line).toBe(5);
  });
});
