import { describe, expect, test } from "bun:test";
import { PivotError } from "../errors/pivot-error";
import { loaders as l } from "./loaders";
import { Pipeline, isPipeline } from "./pipeline";

const run = () => undefined;

describe("Pipeline", () => {
  test("records stages in order with the file and line of the call", () => {
    const pipeline = new Pipeline("demo");
    pipeline.stage("a", { run }).stage("b", { run });
    expect(pipeline.stages.map((s) => s.name)).toEqual(["a", "b"]);
    const source = pipeline.getStage("a")?.source;
    expect(source?.file).toBe(import.meta.path);
    expect(source?.line).toBe(11);
  });

  test("the root defaults to the folder of the file creating the pipeline", () => {
    expect(new Pipeline("demo").root).toBe(import.meta.dir);
    expect(new Pipeline("demo", { root: "sub" }).root).toBe(`${import.meta.dir}/sub`);
    expect(new Pipeline("demo", { root: "/abs" }).root).toBe("/abs");
  });

  test("is recognised by its brand", () => {
    expect(isPipeline(new Pipeline("x"))).toBe(true);
    expect(isPipeline({ name: "x" })).toBe(false);
  });

  test("a duplicate stage name names both places", () => {
    const pipeline = new Pipeline("demo");
    pipeline.stage("a", { run });
    const attempt = () => pipeline.stage("a", { run });
    expect(attempt).toThrow(PivotError);
    expect(attempt).toThrow(/stage 'a' \(.*pipeline\.test\.ts:\d+\): stage 'a' is defined twice \(first at .*pipeline\.test\.ts:\d+\)/);
  });

  test("an invalid stage name is rejected", () => {
    expect(() => new Pipeline("demo").stage("bad name", { run })).toThrow("invalid stage name");
  });

  test("a dep that is not a loader is rejected with a hint", () => {
    const attempt = () => new Pipeline("demo").stage("a", { deps: { raw: "raw.csv" as never }, run });
    expect(attempt).toThrow("deps.raw is not a loader");
  });

  test("an unknown field suggests the right one", () => {
    try {
      new Pipeline("demo").stage("a", { dep: {}, run } as never);
      throw new Error("expected an error");
    } catch (error) {
      expect((error as PivotError).message).toContain("unknown field 'dep'");
      expect((error as PivotError).hint).toContain("deps");
    }
  });

  test("executor and resources are refused: TS stages run in the local worker pool", () => {
    for (const spec of [{ executor: "slurm", run }, { resources: { cpus: 4 }, run }, { executor: "local", run }]) {
      try {
        new Pipeline("demo").stage("fit", spec as never);
        throw new Error("expected an error");
      } catch (error) {
        const key = Object.keys(spec)[0]!;
        expect((error as PivotError).code).toBe("PIPELINE_INVALID");
        expect((error as PivotError).message).toMatch(new RegExp(`stage 'fit' \\(.*pipeline\\.test\\.ts:\\d+\\): ${key} is not a pipeline.ts setting: TS stages run in pivot's local worker pool, never as cluster jobs`));
        expect((error as PivotError).hint).toContain("make it a cmd stage");
      }
    }
  });

  test("run must be a function and params must be JSON values", () => {
    expect(() => new Pipeline("demo").stage("a", {} as never)).toThrow("run must be a function");
    expect(() => new Pipeline("demo").stage("a", { params: { f: () => 1 } as never, run })).toThrow("params.f is function");
    expect(() => new Pipeline("demo").stage("a", { params: { n: Number.NaN }, run })).toThrow("params.n");
  });

  test("a pipeline needs a name", () => {
    expect(() => new Pipeline("")).toThrow("non-empty string");
  });

  test("loaders used as deps and outs are accepted", () => {
    const pipeline = new Pipeline("demo").stage("a", {
      deps: { raw: l.csv("raw.csv") },
      outs: { out: l.json("out.json"), m: l.metric("m.json") },
      run: () => ({ out: 1, m: {} }),
    });
    expect(pipeline.getStage("a")?.spec.outs?.m?.out).toEqual({ kind: "metric", cache: false, isDir: false });
  });
});
