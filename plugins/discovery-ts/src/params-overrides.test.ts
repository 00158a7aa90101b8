import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { effectiveParams, readOverrides } from "./params-overrides";

const root = mkdtempSync(join(tmpdir(), "pivot-params-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("params.yaml overrides", () => {
  test("no file means no overrides", () => {
    expect(readOverrides(root, ".")).toEqual({ file: "params.yaml", overrides: {} });
  });

  test("values replace defaults; maps merge key by key; lists are replaced", () => {
    const defaults = { lr: 0.1, model: { depth: 2, width: 8 }, tags: ["a"], seed: null };
    const overrides = { train: { lr: 0.01, model: { depth: 4 }, tags: ["b", "c"], seed: 7 } };
    expect(effectiveParams("train", defaults, "params.yaml", overrides)).toEqual({ lr: 0.01, model: { depth: 4, width: 8 }, tags: ["b", "c"], seed: 7 });
    expect(effectiveParams("other", defaults, "params.yaml", overrides)).toBe(defaults);
  });

  test("an unknown param is an error suggesting the declared one", () => {
    expect(() => effectiveParams("train", { rate: 1 }, "params.yaml", { train: { rte: 2 } })).toThrow("params.yaml, stage 'train': 'rte' is not a param of the stage");
  });

  test("a value of another type is an error", () => {
    expect(() => effectiveParams("train", { lr: 0.1 }, "params.yaml", { train: { lr: "fast" } })).toThrow("param 'lr' is a number in pipeline.ts, but the override is a string");
  });

  test("a file that is not a mapping of stages is an error", () => {
    writeFileSync(join(root, "params.yaml"), "- 1\n- 2\n");
    expect(() => readOverrides(root, ".")).toThrow("params.yaml must be a mapping of stage names to params");
    writeFileSync(join(root, "params.yaml"), "train: 3\n");
    expect(() => readOverrides(root, ".")).toThrow("'train' must map param names to values");
    writeFileSync(join(root, "params.yaml"), "train:\n  lr: 0.5\n");
    expect(readOverrides(root, ".").overrides).toEqual({ train: { lr: 0.5 } });
  });
});
