import { describe, expect, test } from "bun:test";
import { buildGraph } from "./build-graph";
import { renderDot } from "./render-dot";
import { diamondStages, existsAmong } from "./stages-test-support";

const graph = buildGraph(diamondStages(), { exists: existsAmong("raw.csv") });
const all = [...graph.stages.keys()];

describe("renderDot", () => {
  test("draws a diamond as a digraph with quoted names", () => {
    expect(renderDot(graph, all)).toBe(
      [
        "digraph pivot {",
        "  rankdir=TB;",
        "  node [shape=box];",
        '  "prepare";',
        '  "train@a";',
        '  "train@b";',
        '  "evaluate";',
        '  "prepare" -> "train@a";',
        '  "prepare" -> "train@b";',
        '  "train@a" -> "evaluate";',
        '  "train@b" -> "evaluate";',
        "}",
      ].join("\n"),
    );
  });

  test("can show outputs as note nodes and label edges", () => {
    expect(renderDot(graph, ["prepare", "train@b"], { showOutputs: true })).toBe(
      [
        "digraph pivot {",
        "  rankdir=TB;",
        "  node [shape=box];",
        '  "prepare";',
        '  "train@b";',
        '  "out:data/clean.csv" [label="data/clean.csv", shape=note];',
        '  "prepare" -> "out:data/clean.csv";',
        '  "out:models/b.bin" [label="models/b.bin", shape=note];',
        '  "train@b" -> "out:models/b.bin";',
        '  "out:data/clean.csv" -> "train@b";',
        "}",
      ].join("\n"),
    );
    expect(renderDot(graph, ["prepare", "train@a"], { showPaths: true })).toContain(
      '  "prepare" -> "train@a" [label="data/clean.csv"];',
    );
  });
});
