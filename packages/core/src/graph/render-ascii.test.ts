import { describe, expect, test } from "bun:test";
import { buildGraph } from "./build-graph";
import { renderAscii } from "./render-ascii";
import { diamondStages, existsAmong } from "./stages-test-support";

const graph = buildGraph(diamondStages(), { exists: existsAmong("raw.csv") });
const all = [...graph.stages.keys()];

describe("renderAscii", () => {
  test("draws a diamond as numbered layers with upstream stages after ←", () => {
    expect(renderAscii(graph, all)).toBe(
      ["[1] prepare", "[2] train@a  ← prepare", "    train@b  ← prepare", "[3] evaluate ← train@a, train@b"].join("\n"),
    );
  });

  test("can show linking paths and outputs", () => {
    expect(renderAscii(graph, ["prepare", "train@b"], { showPaths: true, showOutputs: true })).toBe(
      ["[1] prepare", "      → data/clean.csv", "[2] train@b ← prepare (data/clean.csv)", "      → models/b.bin"].join("\n"),
    );
  });

  test("an empty selection says so", () => {
    expect(renderAscii(graph, [])).toBe("(empty graph)");
  });
});
