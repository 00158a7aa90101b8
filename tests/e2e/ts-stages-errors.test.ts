import { describe, expect, test } from "bun:test";
import { hasStackTrace } from "../support/project";
import { makeTsProject } from "../support/ts-project";

const HEADER = 'import { Pipeline, loaders as l } from "@pivot/core";\n';

/** Runs `pivot list` and expects a clean error mentioning every fragment. */
async function expectError(files: Record<string, string>, fragments: string[]) {
  const result = await makeTsProject(files).pivot("list");
  expect(result.exitCode).not.toBe(0);
  for (const fragment of fragments) expect(result.stderr).toContain(fragment);
  expect(hasStackTrace(result.output)).toBe(false);
  return result;
}

describe("pipeline.ts errors name the file, the stage and the culprit", () => {
  test("a pipeline.ts that throws on import", () =>
    expectError({ "pipeline.ts": `${HEADER}export const pipeline = new Pipeline("x");\nthrow new Error("config missing");\n` }, [
      "pipeline.ts failed to load: config missing (pipeline.ts:3)",
    ]));

  test("a pipeline.ts with a syntax error", () => expectError({ "pipeline.ts": `${HEADER}export const pipeline = (;\n` }, ["pipeline.ts failed to load", "pipeline.ts:2"]));

  test("a pipeline.ts exporting no pipeline lists its exports", () =>
    expectError({ "pipeline.ts": `${HEADER}export const p = new Pipeline("x");\nexport const other = 1;\n` }, [
      "pipeline.ts has no export named 'pipeline' (exports: other, p)",
      "export const pipeline = p",
    ]));

  test("duplicate stage names", () =>
    expectError({ "pipeline.ts": `${HEADER}export const pipeline = new Pipeline("x");\npipeline.stage("a", { run() {} });\npipeline.stage("a", { run() {} });\n` }, [
      "pipeline.ts: stage 'a' (pipeline.ts:4): stage 'a' is defined twice (first at pipeline.ts:3)",
    ]));

  test("a stage asking for a cluster executor: TS stages run locally", () =>
    expectError({ "pipeline.ts": `${HEADER}export const pipeline = new Pipeline("x");\npipeline.stage("fit", { executor: "slurm", resources: { cpus: 8 }, run() {} } as never);\n` }, [
      "pipeline.ts: stage 'fit' (pipeline.ts:3): executor is not a pipeline.ts setting: TS stages run in pivot's local worker pool",
      "make it a cmd stage",
    ]));

  test("an invalid stage name", () =>
    expectError({ "pipeline.ts": `${HEADER}export const pipeline = new Pipeline("x");\npipeline.stage("bad name", { run() {} });\n` }, [
      "pipeline.ts: stage 'bad name' (pipeline.ts:3): invalid stage name",
    ]));

  test("a dep that is not a loader", () =>
    expectError({ "pipeline.ts": `${HEADER}export const pipeline = new Pipeline("x");\npipeline.stage("a", { deps: { raw: "raw.csv" as any }, run() {} });\n` }, [
      "stage 'a' (pipeline.ts:3): deps.raw is not a loader",
    ]));

  test("an out outside the project", () =>
    expectError({ "pipeline.ts": `${HEADER}export const pipeline = new Pipeline("x");\npipeline.stage("a", { outs: { o: l.text("../o.txt") }, run: () => ({ o: "" }) });\n` }, [
      "pipeline.ts:3, stage 'a'",
      "../o.txt",
    ]));

  test("a params.yaml override of an unknown param", () =>
    expectError(
      {
        "pipeline.ts": `${HEADER}export const pipeline = new Pipeline("x");\npipeline.stage("a", { params: { rate: 1 }, run() {} });\n`,
        "params.yaml": "a:\n  rte: 2\n",
      },
      ["params.yaml, stage 'a': 'rte' is not a param of the stage", "rate"],
    ));

  test("pivot.yaml and pipeline.ts in one folder", () =>
    expectError({ "pivot.yaml": "stages: {}\n", "pipeline.ts": `${HEADER}export const pipeline = new Pipeline("x");\n` }, ["pivot.yaml", "pipeline.ts"]));
});
