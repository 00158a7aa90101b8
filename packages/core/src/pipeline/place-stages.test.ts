import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PipelineDef } from "../model/pipeline";
import type { StageDef } from "../model/stage";
import { mergePipelines, placePipeline } from "./place-stages";

function stage(name: string): StageDef {
  return { name, body: { kind: "cmd", cmd: ["true"] }, deps: [], outs: [], params: [], mutex: [], wdir: ".", source: { file: "pivot.yaml" } };
}

function project(): string {
  const root = mkdtempSync(join(tmpdir(), "pivot-place-"));
  mkdirSync(join(root, ".pivot"));
  mkdirSync(join(root, "own", ".pivot"), { recursive: true });
  mkdirSync(join(root, "shared"), { recursive: true });
  return root;
}

const def = (name: string, dir: string, stages: string[]): PipelineDef => ({ name, dir, file: `${dir}/pivot.yaml`, stages: stages.map(stage) });

describe("placePipeline", () => {
  test("a pipeline uses the nearest .pivot/ at or above its folder", () => {
    const root = project();
    expect(placePipeline(root, def("root", ".", ["a"]))[0]!.pipeline.stateDir).toBe(join(root, ".pivot"));
    expect(placePipeline(root, def("own", "own", ["a"]))[0]!.pipeline.stateDir).toBe(join(root, "own", ".pivot"));
    expect(placePipeline(root, def("shared", "shared", ["a"]))[0]!.pipeline.stateDir).toBe(join(root, ".pivot"));
  });

  test("a pipeline sharing an ancestor's .pivot/ gets lock names under its folder", () => {
    const root = project();
    expect(placePipeline(root, def("root", ".", ["a"]))[0]!.lockName).toBe("a");
    expect(placePipeline(root, def("own", "own", ["a"]))[0]!.lockName).toBe("a");
    expect(placePipeline(root, def("shared", "shared", ["a"]))[0]!.lockName).toBe("shared/a");
  });

  test("a stage defined twice is an error naming the file", () => {
    expect(() => placePipeline(project(), def("root", ".", ["a", "a"]))).toThrow(/pivot.yaml: stage 'a' is defined twice/);
  });
});

describe("mergePipelines", () => {
  test("on a collision every stage of the later pipeline gets its pipeline name as a prefix; lock names stay", () => {
    const root = project();
    const merged = mergePipelines([placePipeline(root, def("root", ".", ["a", "b"])), placePipeline(root, def("own", "own", ["a", "c"]))]);
    expect(merged.map((s) => s.id)).toEqual(["a", "b", "own/a", "own/c"]);
    expect(merged.map((s) => s.lockName)).toEqual(["a", "b", "a", "c"]);
  });

  test("without collisions ids stay bare", () => {
    const root = project();
    const merged = mergePipelines([placePipeline(root, def("root", ".", ["a"])), placePipeline(root, def("own", "own", ["c"]))]);
    expect(merged.map((s) => s.id)).toEqual(["a", "c"]);
  });
});
