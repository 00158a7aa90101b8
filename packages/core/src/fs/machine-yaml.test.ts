import { describe, expect, test } from "bun:test";
import { toMachineYaml } from "./machine-yaml";

describe("toMachineYaml", () => {
  const doc = {
    schema: 1,
    stage: "train@a",
    cmd: ["python x.py --a 'q' \"z\"", "echo ${x}: y"],
    params: { "params.yaml": { "b.c": 1, a: "x", list: [1, 2], nested: { deep: true } }, empty: {} },
    deps: [{ path: "a.txt", hash: "1e10", size: 3 }, { path: "z: y.txt", hash: "0123", size: 0 }],
    outs: [],
    weird: { "yes": null, "key with space": "v\nw" },
  };

  test("round-trips through Bun's YAML parser exactly", () => {
    expect(Bun.YAML.parse(toMachineYaml(doc))).toEqual(doc);
  });

  test("quotes every string, so hash-like values keep their type", () => {
    const text = toMachineYaml({ hash: "1e10", other: "0123" });
    expect(text).toBe('hash: "1e10"\nother: "0123"\n');
  });

  test("lists of maps use the block form", () => {
    expect(toMachineYaml({ deps: [{ path: "a", hash: "b" }] })).toBe('deps:\n  - path: "a"\n    hash: "b"\n');
  });
});
