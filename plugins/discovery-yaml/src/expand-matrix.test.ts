import { afterAll, describe, expect, test } from "bun:test";
import { loadError, loadPipeline, makeProject, removeProjects } from "./project-test-support";

afterAll(removeProjects);

const MATRIX = `stages:
  train:
    matrix: {model: [small, large], lr: [0.1, 0.01]}
    cmd: bun train.ts --model \${model} --lr \${lr}
    deps: [train.ts, data/clean.csv]
    outs: ['models/\${model}-\${lr}.bin']
    params:
      - train.\${model}
`;

describe("matrix stages", () => {
  test("expand to the Cartesian product in key order, named name@v1-v2", async () => {
    const root = makeProject({ "pivot.yaml": MATRIX });
    const names = (await loadPipeline(root)).stages.map((stage) => stage.name);
    expect(names).toEqual(["train@small-0.1", "train@small-0.01", "train@large-0.1", "train@large-0.01"]);
  });

  test("interpolate matrix values into cmd, outs and params keys", async () => {
    const root = makeProject({ "pivot.yaml": MATRIX });
    const stage = (await loadPipeline(root)).stages[3];
    expect(stage?.body).toEqual({ kind: "cmd", cmd: ["bun train.ts --model large --lr 0.01"] });
    expect(stage?.outs).toEqual([{ path: "models/large-0.01.bin", kind: "out", cache: true, isDir: false }]);
    expect(stage?.params).toEqual([{ file: "params.yaml", keys: ["train.large"] }]);
    expect(stage?.deps).toEqual([{ path: "train.ts" }, { path: "data/clean.csv" }]);
    expect(stage?.source).toEqual({ file: "pivot.yaml", line: 2 });
  });

  test("keep the typed values of each combination", async () => {
    const root = makeProject({
      "pivot.yaml": "stages:\n  t:\n    cmd: run ${n} ${on}\n    matrix: {n: [1, 2.5], on: [true], tag: [v1]}\n",
    });
    const stages = (await loadPipeline(root)).stages;
    expect(stages.map((s) => s.name)).toEqual(["t@1-true-v1", "t@2.5-true-v1"]);
    expect(stages[1]?.matrix).toStrictEqual({ n: 2.5, on: true, tag: "v1" });
    expect(stages[1]?.body).toEqual({ kind: "cmd", cmd: ["run 2.5 true"] });
  });

  test("sanitize characters outside [A-Za-z0-9_.+-] in variant names", async () => {
    const root = makeProject({
      "pivot.yaml": "stages:\n  t:\n    cmd: x\n    matrix: {file: [a/b c, 'x:y+z']}\n",
    });
    expect((await loadPipeline(root)).stages.map((s) => s.name)).toEqual(["t@a_b_c", "t@x_y+z"]);
  });

  test("matrix values override vars of the same name", async () => {
    const root = makeProject({
      "pivot.yaml": "vars: [{model: base, size: 3}]\nstages:\n  t:\n    cmd: go ${model} ${size}\n    matrix: {model: [a]}\n",
    });
    expect((await loadPipeline(root)).stages[0]?.body).toEqual({ kind: "cmd", cmd: ["go a 3"] });
  });

  test("a dimension may be a ${name} naming a list in vars", async () => {
    const root = makeProject({
      "pivot.yaml": "vars: [{models: [s, m]}]\nstages:\n  t:\n    cmd: go ${model}\n    matrix: {model: '${models}'}\n",
    });
    expect((await loadPipeline(root)).stages.map((s) => s.name)).toEqual(["t@s", "t@m"]);
  });

  test("a stage without a matrix has no matrix field", async () => {
    const root = makeProject({ "pivot.yaml": "stages:\n  t:\n    cmd: x\n" });
    expect((await loadPipeline(root)).stages[0]).not.toHaveProperty("matrix");
  });

  test("a ${name} dimension naming no variable is an error naming the stage and dimension", async () => {
    const error = await loadError({ "pivot.yaml": "stages:\n  t:\n    cmd: x\n    matrix: {m: '${nope}'}\n" });
    expect(error.message).toBe("pivot.yaml:4: stage 't': matrix dimension 'm' must be a list of values, got '${nope}', which names no variable");
  });
});
