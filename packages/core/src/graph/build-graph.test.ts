import { describe, expect, test } from "bun:test";
import { buildGraph } from "./build-graph";
import { existsAmong, makeStages, thrownBy } from "./stages-test-support";

const none = existsAmong();

describe("buildGraph edges", () => {
  test("a linear chain links each stage to the one producing its dep", () => {
    const graph = buildGraph(
      makeStages(
        { id: "c", deps: ["b.txt"], outs: ["c.txt"] },
        { id: "a", deps: ["in.txt"], outs: ["a.txt"] },
        { id: "b", deps: ["a.txt"], outs: ["b.txt"] },
      ),
      { exists: existsAmong("in.txt") },
    );
    expect([...graph.stages.keys()]).toEqual(["c", "a", "b"]);
    expect(graph.upstreamOf("b")).toEqual(["a"]);
    expect(graph.downstreamOf("b")).toEqual(["c"]);
    expect(graph.upstreamOf("a")).toEqual([]);
    expect(graph.edges.map((e) => `${e.from}->${e.to}`)).toEqual(["a->b", "b->c"]);
  });

  test("a folder dep reads from every stage writing files inside it", () => {
    const graph = buildGraph(
      makeStages(
        { id: "make_a", outs: ["data/a.csv"] },
        { id: "make_b", outs: ["data/b.csv"] },
        { id: "other", outs: ["data-backup/c.csv"] },
        { id: "merge", deps: ["data/"], outs: ["merged.csv"] },
      ),
      { exists: none },
    );
    expect(graph.upstreamOf("merge")).toEqual(["make_a", "make_b"]);
    expect(graph.edge("make_a", "merge")?.links).toEqual([{ out: "data/a.csv", dep: "data" }]);
    expect(graph.producersOf("data").map((p) => p.stage.id)).toEqual(["make_a", "make_b"]);
  });

  test("a file dep inside a folder output reads from the folder's producer", () => {
    const graph = buildGraph(
      makeStages({ id: "train", outs: ["models/"] }, { id: "eval", deps: ["models/m.bin"], outs: ["score.json"] }),
      { exists: none },
    );
    expect(graph.upstreamOf("eval")).toEqual(["train"]);
    expect(graph.edge("train", "eval")?.links).toEqual([{ out: "models", dep: "models/m.bin" }]);
    expect(graph.producerOf("models/m.bin")?.stage.id).toBe("train");
    expect(graph.producerOf("models")?.out.isDir).toBe(true);
    expect(graph.producerOf("models-old/m.bin")).toBeUndefined();
  });

  test("a dep sharing only a string prefix with an output is not linked", () => {
    const graph = buildGraph(
      makeStages({ id: "split", outs: ["data/train.csv"] }, { id: "peek", deps: ["data/t"], outs: ["p.txt"] }),
      { exists: existsAmong("data/t") },
    );
    expect(graph.upstreamOf("peek")).toEqual([]);
  });

  test("edgesFor lists incoming then outgoing edges with their paths", () => {
    const graph = buildGraph(
      makeStages(
        { id: "a", outs: ["a.txt"] },
        { id: "b", deps: ["a.txt"], outs: ["b.txt"] },
        { id: "c", deps: ["b.txt", "a.txt"], outs: ["c.txt"] },
      ),
      { exists: none },
    );
    expect(graph.edgesFor("b")).toEqual([
      { from: "a", to: "b", links: [{ out: "a.txt", dep: "a.txt" }] },
      { from: "b", to: "c", links: [{ out: "b.txt", dep: "b.txt" }] },
    ]);
    expect(graph.upstreamOf("c")).toEqual(["a", "b"]);
  });

  test("one edge per pair of stages, however many paths link them; neighbours by declaration index, ascending", () => {
    const graph = buildGraph(
      makeStages(
        { id: "join", deps: ["z.txt", "y.txt", "x2.txt", "x1.txt"], outs: ["j.txt"] },
        { id: "z", outs: ["z.txt"] },
        { id: "x", outs: ["x1.txt", "x2.txt"] },
        { id: "y", outs: ["y.txt"] },
      ),
      { exists: none },
    );
    expect(graph.edges.map((e) => `${e.from}->${e.to}`)).toEqual(["z->join", "x->join", "y->join"]);
    expect(graph.edge("x", "join")?.links).toEqual([
      { out: "x2.txt", dep: "x2.txt" },
      { out: "x1.txt", dep: "x1.txt" },
    ]);
    expect(graph.edge("join", "x")).toBeUndefined();
    expect(graph.upstreamOf("join")).toEqual(["z", "x", "y"]);
    expect([...graph.upstreamIndexes(graph.orderOf("join"))]).toEqual([1, 2, 3]);
    expect(graph.upstreamCount(0)).toBe(3);
    expect(graph.upstreamCount(1)).toBe(0);
    expect(thrownBy(() => graph.upstreamCount(4)).code).toBe("INTERNAL");
    expect([...graph.downstreamIndexes(graph.orderOf("y"))]).toEqual([0]);
    expect(graph.idAt(3)).toBe("y");
    expect(graph.downstreamOf("join")).toEqual([]);
  });

  test("consumersOf finds deps at, around and inside a path", () => {
    const graph = buildGraph(
      makeStages(
        { id: "whole", deps: ["data"], outs: ["w"] },
        { id: "one", deps: ["data/a.csv"], outs: ["o"] },
        { id: "deep", deps: ["data/sub/x"], outs: ["d"] },
      ),
      { exists: () => true },
    );
    expect(graph.consumersOf("data/a.csv")).toEqual(["whole", "one"]);
    expect(graph.consumersOf("data")).toEqual(["whole", "one", "deep"]);
    expect(graph.consumersOf("data-backup")).toEqual([]);
  });

  test("a stage reading back its own incremental output is not a cycle", () => {
    const graph = buildGraph(
      makeStages({ id: "grow", deps: ["db.sqlite"], outs: [{ path: "db.sqlite", kind: "incremental" }] }),
      { exists: none },
    );
    expect(graph.upstreamOf("grow")).toEqual([]);
  });

  test("an unknown id is an internal error, not a silent empty list", () => {
    const graph = buildGraph([], { exists: none });
    expect(thrownBy(() => graph.upstreamOf("nope")).code).toBe("INTERNAL");
  });
});
