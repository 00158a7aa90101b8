import { describe, expect, test } from "bun:test";
import { parseMetrics } from "./parse-metrics";

describe("parseMetrics", () => {
  test("JSON and YAML metrics have nested keys flattened with dots; lists stay values", () => {
    expect(parseMetrics("m.json", '{"acc": 0.9, "eval": {"loss": 0.1, "per_class": [1, 2]}}', "workspace")).toEqual({
      acc: 0.9,
      "eval.loss": 0.1,
      "eval.per_class": [1, 2],
    });
    expect(parseMetrics("m.yaml", "acc: 0.9\neval:\n  f1: 0.5\n", "HEAD")).toEqual({ acc: 0.9, "eval.f1": 0.5 });
  });

  test("CSV and TSV metrics: a header and one row of values, or name,value rows", () => {
    expect(parseMetrics("m.csv", "acc,loss,ok\n0.9,0.1,true\n", "workspace")).toEqual({ acc: 0.9, loss: 0.1, ok: true });
    expect(parseMetrics("m.tsv", "metric\tvalue\nacc\t0.9\nname\tbert\n", "workspace")).toEqual({ acc: 0.9, name: "bert" });
  });

  test("invalid files name the file and the snapshot", () => {
    expect(() => parseMetrics("m.json", "{", "HEAD~1")).toThrow("Metrics file m.json (HEAD~1) is not valid JSON");
    expect(() => parseMetrics("m.yaml", "- 1\n- 2\n", "workspace")).toThrow("must hold a map of metric names to values, got a list");
    expect(() => parseMetrics("m.txt", "1", "workspace")).toThrow("has an unsupported format");
  });
});
