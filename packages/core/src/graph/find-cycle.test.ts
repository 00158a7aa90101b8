import { describe, expect, test } from "bun:test";
import { buildGraph } from "./build-graph";
import { existsAmong, makeStages, type StageSketch, thrownBy } from "./stages-test-support";

const build = (...sketches: StageSketch[]) => buildGraph(makeStages(...sketches), { exists: existsAmong() });

describe("cycle detection", () => {
  test("a cycle is printed in order with the paths linking each step", () => {
    const error = thrownBy(() =>
      build(
        { id: "a", deps: ["c.txt"], outs: ["a.txt"], file: "x.yaml", line: 1 },
        { id: "b", deps: ["a.txt"], outs: ["b/"], file: "x.yaml", line: 5 },
        { id: "c", deps: ["b/part"], outs: ["c.txt"], file: "y.ts" },
      ),
    );
    expect(error.code).toBe("GRAPH_CYCLE");
    expect(error.message).toBe(
      [
        "Circular dependency: a → b → c → a",
        "  'a' (x.yaml:1) writes 'a.txt', read by 'b' (x.yaml:5)",
        "  'b' (x.yaml:5) writes 'b', read by 'c' (y.ts) as 'b/part'",
        "  'c' (y.ts) writes 'c.txt', read by 'a' (x.yaml:1)",
      ].join("\n"),
    );
    expect(error.hint).toContain("Break the cycle");
  });

  test("the cycle reported does not depend on stages outside it", () => {
    const error = thrownBy(() =>
      build(
        { id: "root", outs: ["r"] },
        { id: "p", deps: ["r", "q.txt"], outs: ["p.txt"] },
        { id: "q", deps: ["p.txt"], outs: ["q.txt"] },
      ),
    );
    expect(error.message.split("\n")[0]).toBe("Circular dependency: p → q → p");
  });

  test("a stage whose out equals its dep is a cycle of one", () => {
    const error = thrownBy(() => build({ id: "loop", deps: ["x.txt"], outs: ["x.txt"], file: "pivot.yaml", line: 4 }));
    expect(error.code).toBe("GRAPH_CYCLE");
    expect(error.message).toBe("Stage 'loop' (pivot.yaml:4) depends on its own output: it reads 'x.txt' (loop → loop)");
    expect(error.hint).toContain("cannot read what it writes");
  });

  test("a stage reading a folder holding its own output is a cycle of one", () => {
    const error = thrownBy(() => build({ id: "sum", deps: ["data"], outs: ["data/summary.csv"] }));
    expect(error.code).toBe("GRAPH_CYCLE");
    expect(error.message).toContain("it reads 'data' (which holds its output 'data/summary.csv')");
  });
});
