import { describe, expect, test } from "bun:test";
import { buildGraph } from "./build-graph";
import { renderMermaid } from "./render-mermaid";
import { diamondStages, existsAmong, makeStages } from "./stages-test-support";

const graph = buildGraph(diamondStages(), { exists: existsAmong("raw.csv") });
const all = [...graph.stages.keys()];

describe("renderMermaid", () => {
  test("draws a diamond as a flowchart with generated node ids", () => {
    expect(renderMermaid(graph, all)).toBe(
      [
        "flowchart TD",
        '  s1["prepare"]',
        '  s2["train@a"]',
        '  s3["train@b"]',
        '  s4["evaluate"]',
        "  s1 --> s2",
        "  s1 --> s3",
        "  s2 --> s4",
        "  s3 --> s4",
      ].join("\n"),
    );
  });

  test("can route edges through output nodes", () => {
    expect(renderMermaid(graph, ["prepare", "train@a"], { showOutputs: true })).toBe(
      [
        "flowchart TD",
        '  s1["prepare"]',
        '  s2["train@a"]',
        '  o1[("data/clean.csv")]',
        "  s1 --> o1",
        '  o2[("models/a.bin")]',
        "  s2 --> o2",
        "  o1 --> s2",
      ].join("\n"),
    );
  });

  test("escapes quotes in labels and can label edges", () => {
    const odd = buildGraph(makeStages({ id: "a", outs: ['say "hi".txt'] }, { id: "b", deps: ['say "hi".txt'] }), {
      exists: existsAmong(),
    });
    expect(renderMermaid(odd, ["a", "b"], { showPaths: true })).toBe(
      ["flowchart TD", '  s1["a"]', '  s2["b"]', '  s1 -->|"say #quot;hi#quot;.txt"| s2'].join("\n"),
    );
  });
});
