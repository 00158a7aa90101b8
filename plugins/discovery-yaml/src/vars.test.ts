import { afterAll, describe, expect, test } from "bun:test";
import { loadPipeline, makeProject, removeProjects } from "./project-test-support";

afterAll(removeProjects);

describe("vars", () => {
  test("come from YAML files, JSON files and inline maps, later ones overriding", async () => {
    const root = makeProject({
      "sub/pivot.yaml": "vars: [vars.yaml, conf/more.json, {b: inline}]\nstages:\n  t:\n    cmd: echo ${a} ${b} ${c}\n",
      "sub/vars.yaml": "a: fromYaml\nb: fromYaml\n",
      "sub/conf/more.json": '{"c": 7, "b": "fromJson"}',
    });
    expect((await loadPipeline(root, "sub/pivot.yaml")).stages[0]?.body).toEqual({ kind: "cmd", cmd: ["echo fromYaml inline 7"] });
  });

  test("nested maps are addressed as ${a.b} and merge across entries", async () => {
    const root = makeProject({
      "pivot.yaml": `vars:
  - vars.yaml
  - {train: {epochs: 10}}
stages:
  t:
    cmd: fit --lr \${train.lr} --epochs \${train.epochs} --first \${layers.0}
    wdir: \${dirs.work}
    deps: ['\${dirs.data}/raw.csv']
`,
      "vars.yaml": "train: {lr: 0.5, epochs: 1}\nlayers: [64, 32]\ndirs: {data: data/v2, work: runs}\n",
    });
    const [stage] = (await loadPipeline(root)).stages;
    expect(stage?.body).toEqual({ kind: "cmd", cmd: ["fit --lr 0.5 --epochs 10 --first 64"] });
    expect(stage?.wdir).toBe("runs");
    expect(stage?.deps).toEqual([{ path: "data/v2/raw.csv" }]);
  });

  test("a single vars file may be given without a list", async () => {
    const root = makeProject({ "pivot.yaml": "vars: v.yaml\nstages:\n  t:\n    cmd: echo ${x}\n", "v.yaml": "x: 1\n" });
    expect((await loadPipeline(root)).stages[0]?.body).toEqual({ kind: "cmd", cmd: ["echo 1"] });
  });

  test("vars are interpolated into metrics and plots paths, mutex, desc and run", async () => {
    const root = makeProject({
      "pivot.yaml": `vars: [{m: eval, g: gpu0, f: stages}]
stages:
  t:
    run: \${f}.ts#main
    metrics: ['\${m}/metrics.json']
    plots: [{path: '\${m}/roc.csv', x: fpr, y: tpr}]
    mutex: ['\${g}']
    desc: evaluates \${m}
`,
    });
    const [stage] = (await loadPipeline(root)).stages;
    expect(stage?.body).toEqual({ kind: "ts", file: "stages.ts", exportName: "main" });
    expect(stage?.outs.map((o) => o.path)).toEqual(["eval/metrics.json", "eval/roc.csv"]);
    expect(stage?.mutex).toEqual(["gpu0"]);
    expect(stage?.desc).toBe("evaluates eval");
  });
});
