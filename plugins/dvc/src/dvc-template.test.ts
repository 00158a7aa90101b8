import { describe, expect, test } from "bun:test";
import { refersTo, renameReferences, resolveDvc } from "./dvc-template";

describe("DVC templates", () => {
  test("a whole ${x} keeps its value; inside text it becomes text; \\${ stays literal", () => {
    const scope = { item: { size: 2, tags: ["a"] }, key: "uk", flag: true };
    expect(resolveDvc({ n: "${item.size}", cmd: "run ${key} ${flag} \\${HOME}", tags: "${item.tags}" }, scope, "here")).toEqual({
      n: 2,
      cmd: "run uk true ${HOME}",
      tags: ["a"],
    });
    expect(() => resolveDvc("${nope}", scope, "dvc.yaml stage 'x'")).toThrow("dvc.yaml stage 'x': ${nope} names nothing");
  });

  test("references can be found and renamed", () => {
    const body = { cmd: "train ${item.model} ${lr}", outs: ["m/${item.model}.bin"] };
    expect(refersTo(body, (n) => n === "key")).toBe(false);
    expect(refersTo(body, (n) => n.startsWith("item."))).toBe(true);
    expect(renameReferences(body, (n) => n.replace(/^item\./, ""))).toEqual({ cmd: "train ${model} ${lr}", outs: ["m/${model}.bin"] });
  });
});
