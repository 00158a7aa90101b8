import { describe, expect, test } from "bun:test";
import { buildGraph } from "./build-graph";
import { diamondStages, existsAmong, makeStages } from "./stages-test-support";
import { layersOf, topoOrder } from "./topo-order";

const exists = existsAmong("raw.csv", "in");

describe("topoOrder", () => {
  test("a linear chain runs producer first, whatever the declaration order", () => {
    const graph = buildGraph(
      makeStages({ id: "c", deps: ["b"], outs: ["c"] }, { id: "b", deps: ["a"], outs: ["b"] }, { id: "a", deps: ["in"], outs: ["a"] }),
      { exists },
    );
    expect(topoOrder(graph)).toEqual(["a", "b", "c"]);
  });

  test("a diamond is ordered deterministically, ties by declaration order", () => {
    const graph = buildGraph(diamondStages(), { exists });
    expect(topoOrder(graph)).toEqual(["prepare", "train@a", "train@b", "evaluate"]);
    const swapped = diamondStages();
    [swapped[2], swapped[3]] = [swapped[3]!, swapped[2]!];
    expect(topoOrder(buildGraph(swapped, { exists }))).toEqual(["prepare", "train@b", "train@a", "evaluate"]);
  });

  test("independent stages keep declaration order", () => {
    const graph = buildGraph(makeStages({ id: "z", outs: ["z"] }, { id: "m", outs: ["m"] }, { id: "a", outs: ["a"] }), { exists });
    expect(topoOrder(graph)).toEqual(["z", "m", "a"]);
  });

  test("a subset keeps the whole graph's order, even across stages left out", () => {
    const graph = buildGraph(
      makeStages({ id: "c", deps: ["b"], outs: ["c"] }, { id: "b", deps: ["a"], outs: ["b"] }, { id: "a", outs: ["a"] }),
      { exists },
    );
    expect(topoOrder(graph, ["c", "a"])).toEqual(["a", "c"]);
  });
});

describe("layersOf", () => {
  test("groups a diamond by depth", () => {
    const graph = buildGraph(diamondStages(), { exists });
    expect(layersOf(graph, graph.stages.keys())).toEqual([["prepare"], ["train@a", "train@b"], ["evaluate"]]);
  });

  test("depth counts only the stages asked for", () => {
    const graph = buildGraph(diamondStages(), { exists });
    expect(layersOf(graph, ["evaluate", "train@a"])).toEqual([["train@a"], ["evaluate"]]);
    expect(layersOf(graph, [])).toEqual([]);
  });

  test("a long shortcut puts a stage below its deepest upstream", () => {
    const graph = buildGraph(
      makeStages({ id: "a", outs: ["a"] }, { id: "b", deps: ["a"], outs: ["b"] }, { id: "c", deps: ["a", "b"], outs: ["c"] }),
      { exists },
    );
    expect(layersOf(graph, ["a", "b", "c"])).toEqual([["a"], ["b"], ["c"]]);
  });
});
