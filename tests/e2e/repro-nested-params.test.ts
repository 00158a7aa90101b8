import { describe, expect, test } from "bun:test";
import { makeProject } from "../support/project";
import { stageStatuses } from "../support/run-events";

const PARAMS = `model:
  layers:
    - name: conv
      opts: {k: 3, pad: [1, 1]}
    - name: dense
      opts: {units: 10, act: {fn: relu, "a:b": "x: y"}}
  empty_list: []
  empty_map: {}
  note: "multi\\nline"
`;

const PIPELINE = `stages:
  train:
    cmd: echo trained > model.txt
    params: [model]
    outs: [model.txt]
`;

describe("nested params", () => {
  test("maps inside lists are recorded exactly: the next repro and status find the stage up to date", async () => {
    const project = makeProject({ "pivot.yaml": PIPELINE, "params.yaml": PARAMS });
    expect((await project.pivot("repro")).exitCode).toBe(0);

    const lock = Bun.YAML.parse(project.read(".pivot/stages/train.lock")) as { params: Record<string, unknown> };
    expect(lock.params).toEqual({ "params.yaml": { model: (Bun.YAML.parse(PARAMS) as { model: unknown }).model } });

    const again = await project.pivot("repro", "--json");
    expect(again.exitCode).toBe(0);
    expect(stageStatuses(again.stdout)).toEqual({ train: "skipped" });
    const status = await project.pivot("status");
    expect(status.exitCode).toBe(0);
    expect(status.stdout).not.toContain("param");
  });

  test("a change deep inside a list item is seen, named old → new", async () => {
    const project = makeProject({ "pivot.yaml": PIPELINE, "params.yaml": PARAMS });
    expect((await project.pivot("repro")).exitCode).toBe(0);
    project.write("params.yaml", PARAMS.replace("k: 3", "k: 5"));
    const status = await project.pivot("status", "--explain");
    expect(status.stdout).toContain("param model (params.yaml) changed");
    expect(status.stdout).toContain('"k":3');
    expect(status.stdout).toContain('"k":5');
  });
});
