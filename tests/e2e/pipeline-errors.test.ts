import { describe, expect, test } from "bun:test";
import { hasStackTrace, makeProject } from "../support/project";

/** Runs `pivot list` on a project and expects a clean error mentioning every fragment. */
async function expectError(files: Record<string, string>, fragments: string[], args: string[] = ["list"]) {
  const result = await makeProject(files).pivot(...args);
  expect(result.exitCode).not.toBe(0);
  for (const fragment of fragments) expect(result.stderr).toContain(fragment);
  expect(hasStackTrace(result.output)).toBe(false);
  return result;
}

describe("pipeline errors name the file, the stage and the culprit", () => {
  test("unknown stage key", () =>
    expectError({ "pivot.yaml": "stages:\n  train:\n    cmd: x\n    dep: [a]\n" }, ["pivot.yaml", "train", "dep", "deps"]));

  test("cycle prints the cycle", () =>
    expectError(
      {
        "pivot.yaml": "stages:\n  a:\n    cmd: x\n    deps: [b.txt]\n    outs: [a.txt]\n  b:\n    cmd: x\n    deps: [a.txt]\n    outs: [b.txt]\n",
      },
      ["a", "b", "→"],
    ));

  test("two stages writing the same output", () =>
    expectError({ "pivot.yaml": "stages:\n  one:\n    cmd: x\n    outs: [o.txt]\n  two:\n    cmd: y\n    outs: [o.txt]\n" }, ["o.txt", "one", "two"]));

  test("overlapping outputs", () =>
    expectError({ "pivot.yaml": "stages:\n  one:\n    cmd: x\n    outs: [out/]\n  two:\n    cmd: y\n    outs: [out/a.txt]\n" }, ["out", "out/a.txt", "one", "two"]));

  test("an out outside the project", () => expectError({ "pivot.yaml": "stages:\n  one:\n    cmd: x\n    outs: [../x.txt]\n" }, ["pivot.yaml", "one", "../x.txt"]));

  test("a NUL byte in a path", () => expectError({ "pivot.yaml": 'stages:\n  one:\n    cmd: x\n    outs: ["a\\0b"]\n' }, ["pivot.yaml", "one", "NUL"]));

  test("a line break in a path", () => expectError({ "pivot.yaml": 'stages:\n  one:\n    cmd: x\n    outs: ["a\\nb"]\n' }, ["pivot.yaml", "one", "line break"]));

  test("'..' in a dep", () => expectError({ "pivot.yaml": "stages:\n  one:\n    cmd: x\n    deps: [data/../../etc/passwd]\n" }, ["pivot.yaml", "one", "'..'"]));

  test("an invalid stage name", () => expectError({ "pivot.yaml": "stages:\n  'bad name':\n    cmd: x\n" }, ["pivot.yaml", "bad name"]));

  test("a dep nothing produces and that does not exist", () =>
    expectError({ "pivot.yaml": "stages:\n  one:\n    cmd: x\n    deps: [missing.csv]\n" }, ["one", "missing.csv"], ["dag"]));

  test("YAML syntax error with a line number", () => expectError({ "pivot.yaml": "stages:\n  one:\n    cmd: [unclosed\n" }, ["pivot.yaml:"]));

  test("pivot.yaml and pivot.yml in one folder", () =>
    expectError({ "pivot.yaml": "stages: {}\n", "pivot.yml": "stages: {}\n" }, ["pivot.yaml", "pivot.yml"]));

  test("no pipeline file", () => expectError({}, ["No pipeline file"]));
});

describe("matrix stages", () => {
  test("expand with interpolation and can be selected by glob", async () => {
    const project = makeProject({
      "pivot.yaml": "stages:\n  train:\n    matrix: {model: [small, large]}\n    cmd: echo ${model} > m-${model}.txt\n    outs: ['m-${model}.txt']\n",
    });
    const list = JSON.parse((await project.pivot("list", "--json")).stdout);
    expect(list.map((s: { id: string }) => s.id)).toEqual(["train@small", "train@large"]);
    expect(list[1].command).toBe("echo large > m-large.txt");
    const dag = await project.pivot("dag", "train@l*");
    expect(dag.stdout).toContain("train@large");
    expect(dag.stdout).not.toContain("train@small");
  });
});
