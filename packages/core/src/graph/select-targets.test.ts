import { describe, expect, test } from "bun:test";
import { buildGraph } from "./build-graph";
import { matchTarget, selectStages } from "./select-targets";
import { diamondStages, existsAmong, makeStages, thrownBy } from "./stages-test-support";

const graph = buildGraph(
  [...diamondStages(), ...makeStages({ id: "report", deps: ["metrics.json"], outs: ["report.md"] }, { id: "lint", outs: ["lint.txt"] })],
  { exists: existsAmong("raw.csv") },
);

describe("selectStages", () => {
  test("an exact id selects that stage alone", () => {
    expect(selectStages(graph, ["evaluate"], { upstream: false })).toEqual(["evaluate"]);
  });

  test("a glob selects matching ids", () => {
    expect(selectStages(graph, ["train@*"], { upstream: false })).toEqual(["train@a", "train@b"]);
    expect(selectStages(graph, ["*"], { upstream: false })).toHaveLength(6);
  });

  test("a base name selects all its matrix variants", () => {
    expect(matchTarget(graph, "train")).toEqual(["train@a", "train@b"]);
  });

  test("an exact id wins over a base name", () => {
    const withPlain = buildGraph(makeStages({ id: "train", outs: ["t"] }, { id: "train@x", outs: ["x"] }), {
      exists: existsAmong(),
    });
    expect(matchTarget(withPlain, "train")).toEqual(["train"]);
  });

  test("no targets selects every stage in execution order", () => {
    expect(selectStages(graph, [], { upstream: true })).toEqual(["prepare", "train@a", "train@b", "evaluate", "report", "lint"]);
  });

  test("upstream adds everything the targets read from, transitively", () => {
    expect(selectStages(graph, ["evaluate"], { upstream: true })).toEqual(["prepare", "train@a", "train@b", "evaluate"]);
    expect(selectStages(graph, ["train@b"], { upstream: true })).toEqual(["prepare", "train@b"]);
  });

  test("downstream adds everything reading the targets' outputs, transitively", () => {
    expect(selectStages(graph, ["train@a"], { upstream: false, downstream: true })).toEqual(["train@a", "evaluate", "report"]);
  });

  test("targets listed in any order come out in execution order, once", () => {
    expect(selectStages(graph, ["report", "prepare", "report"], { upstream: false })).toEqual(["prepare", "report"]);
  });

  test("an unknown stage is STAGE_NOT_FOUND with a suggestion in the hint", () => {
    const error = thrownBy(() => selectStages(graph, ["trian"], { upstream: true }));
    expect(error.code).toBe("STAGE_NOT_FOUND");
    expect(error.message).toBe("Unknown stage 'trian'");
    expect(error.hint).toBe("Did you mean 'train'? Run `pivot list` to see all stages.");
  });

  test("an unknown stage with nothing close still points at pivot list", () => {
    expect(thrownBy(() => matchTarget(graph, "zzzzzzzz")).hint).toBe("Run `pivot list` to see all stages.");
  });

  test("a glob matching nothing is STAGE_NOT_FOUND", () => {
    const error = thrownBy(() => selectStages(graph, ["trian@*"], { upstream: false }));
    expect(error.code).toBe("STAGE_NOT_FOUND");
    expect(error.message).toBe("No stage matches the pattern 'trian@*'");
    expect(error.hint).toStartWith("Did you mean 'train'?");
  });
});
