import { describe, expect, test } from "bun:test";
import { parsePlotData } from "./plot-data";
import { buildChartSpec } from "./plot-spec";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("buildChartSpec", () => {
  test("draws the declared y columns against x, and every numeric column when y is not given", () => {
    const data = parsePlotData("p.csv", bytes("step,loss,acc,tag\n0,0.9,0.1,a\n1,0.5,0.6,b\n"), "workspace");
    const chart = buildChartSpec("p.csv", { x: "step", y: ["loss"] }, [{ label: "workspace", data }]);
    expect(chart.series).toEqual([{ label: "loss", column: "loss", points: [{ x: 0, y: 0.9 }, { x: 1, y: 0.5 }] }]);
    const all = buildChartSpec("p.csv", {}, [{ label: "workspace", data }]);
    expect(all.xLabel).toBe("step");
    expect(all.series.map((s) => s.label)).toEqual(["step", "loss", "acc"]);
  });

  test("JSON rows under a key, categorical x for bars, and sides prefixed when comparing", () => {
    const data = parsePlotData("c.json", bytes(JSON.stringify({ rows: [{ label: "cat", n: 2 }] })), "HEAD");
    const chart = buildChartSpec("c.json", { x: "label", y: "n", template: "bar" }, [
      { label: "HEAD", data },
      { label: "workspace", data },
    ]);
    expect(chart.numericX).toBe(false);
    expect(chart.series.map((s) => [s.label, s.dashed ?? false])).toEqual([
      ["HEAD: n", true],
      ["workspace: n", false],
    ]);
  });

  test("a missing column is an error naming the file, the snapshot and the column", () => {
    const data = parsePlotData("p.tsv", bytes("step\tloss\n0\t1\n"), "HEAD~2");
    expect(() => buildChartSpec("p.tsv", { x: "epoch", y: "loss" }, [{ label: "HEAD~2", data }])).toThrow(
      "Plot p.tsv (HEAD~2) has no column 'epoch' (named by its x option)",
    );
  });
});
