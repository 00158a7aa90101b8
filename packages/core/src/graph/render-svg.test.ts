import { describe, expect, test } from "bun:test";
import { buildGraph } from "./build-graph";
import { renderDagHtml, renderSvg } from "./render-svg";
import { makeStages } from "./stages-test-support";

describe("renderSvg", () => {
  test("draws one node per stage and one edge per link, layered top to bottom", () => {
    const graph = buildGraph(
      makeStages({ id: "a", outs: ["x"] }, { id: "b", deps: ["x"], outs: ["y"] }, { id: "c", deps: ["x", "y"] }),
      { allowMissingDeps: true },
    );
    const svg = renderSvg(graph, ["a", "b", "c"]);
    expect([...svg.matchAll(/data-stage="(\w)"/g)].map((m) => m[1])).toEqual(["a", "b", "c"]);
    expect([...svg.matchAll(/data-from="(\w)" data-to="(\w)"/g)].map((m) => `${m[1]}->${m[2]}`)).toEqual(["a->b", "a->c", "b->c"]);
    const y = (id: string) => Number(new RegExp(`data-stage="${id}"><title>[^<]*</title><rect x="[\\d.]+" y="(\\d+)"`).exec(svg)?.[1]);
    expect(y("a")).toBeLessThan(y("b"));
    expect(y("b")).toBeLessThan(y("c"));
  });

  test("the page escapes stage names and allows no scripts", () => {
    const graph = buildGraph(makeStages({ id: "a<b" }), { allowMissingDeps: true });
    const html = renderDagHtml(graph, ["a<b"]);
    expect(html).toContain("a&lt;b");
    expect(html).not.toContain("<script");
    expect(html).toContain("default-src 'none'");
  });
});
