import { describe, expect, test } from "bun:test";
import { type SimplePath, parseSimpleYaml } from "./simple-yaml";
import { parseWithYamlPackage } from "./yaml-document";

/** Every key path in `value`, plus a missing key / index below each container. */
function pathsOf(value: unknown, prefix: SimplePath = []): SimplePath[] {
  const paths: SimplePath[] = [prefix, [...prefix, "missing"], [...prefix, 99]];
  if (Array.isArray(value)) value.forEach((item, i) => paths.push(...pathsOf(item, [...prefix, i])));
  else if (value !== null && typeof value === "object") for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  return paths;
}

/** The fast path must either decline or agree with the `yaml` package on data and every line. */
function expectSameAsYamlPackage(text: string): boolean {
  const fast = parseSimpleYaml(text);
  if (!fast) return false;
  const slow = parseWithYamlPackage(text, "pivot.yaml");
  expect(fast.data).toEqual(slow.data as never);
  expect(JSON.stringify(fast.data)).toBe(JSON.stringify(slow.data));
  for (const path of pathsOf(slow.data)) expect([path, fast.lineOf(path)]).toEqual([path, slow.lineOf(path)]);
  return true;
}

const pipeline = `# a pipeline
stages:
  prepare:
    cmd: bun prepare.ts data/raw.csv data/clean.csv
    deps: [prepare.ts, data/raw.csv]
    outs: [data/clean.csv]

  # training
  train:
    cmd: python train.py --lr=0.1 | tee log.txt > /dev/null
    deps:
      - train.py
      - data/clean.csv
    params: [train.lr, train.epochs]
    outs:
      - models/model.bin
    mutex: []
  empty:
`;

describe("parseSimpleYaml", () => {
  test("a plain block pipeline takes the fast path with the yaml package's data and lines", () => {
    expect(expectSameAsYamlPackage(pipeline)).toBe(true);
    expect(expectSameAsYamlPackage("stages:\n  s0:\n    cmd: cp input.txt out/s0.txt\n    deps: [input.txt]\n    outs: [out/s0.txt]\n")).toBe(true);
  });

  test("words YAML 1.1 read as booleans stay strings, as in the yaml package (YAML 1.2)", () => {
    expect(expectSameAsYamlPackage("a: yes\nb: on\nc: y\nd: No\ne: NaN\nf: a:b\ng: a#b\n")).toBe(true);
  });

  test("anything the fast path cannot be sure of is left to the yaml package", () => {
    const declined = [
      "a: 1\n", "a: 0.5\n", "a: -1\n", "a: .inf\n", "a: ~\n", "a: null\n", "a: true\n", "a: False\n", "a: 0o17\n",
      "a: 'quoted'\n", 'a: "quoted"\n', "a: x # comment\n", "a: &anchor x\nb: *anchor\n", "a: !!str 1\n",
      "a: |\n  block\n", "a: >\n  folded\n", "a: multi\n  line\n", "a: x\na: y\n", "<<: {a: 1}\n", "a:\n- x\n",
      "a:\n  - key: value\n", "a: [x, [y]]\n", "a: [x, ]\n", "a: [${x}]\n", "a: {b: c}\n", "a:\tb\n", "a: b\r\n",
      "- a\n", "  a: b\n", "a:\n    b: c\n  d: e\n", "---\na: b\n", "a: b: c\n", "1: a\n", "true: a\n", "a:b\n", "a:  b\n",
      "a: b \n", "a: café\n", "a: [x:y]\n", "a: \\x\n", "__proto__: x\n", "", "# only a comment\n", "a: -x\n", "a: ./x\n",
      // the same refusals deep inside a stage, where the first parse keeps no line nodes
      "stages:\n  s:\n    cmd: a\n    cmd: b\n", "stages:\n  s:\n    deps:\n      - 'x'\n", "stages:\n  s:\n    cmd: 1\n",
    ];
    for (const text of declined) expect([text, parseSimpleYaml(text)]).toEqual([text, undefined]);
  });

  test("documents the fast path accepts always match the yaml package", () => {
    const accepted = [
      "a: b\n", "a: b", "a:\n", "a:\nb: c\n", "a:\n  b:\n    c: d\n  e: f\ng: h\n", "a: []\n", "a: [ x , y ]\n", "a: [x,y]\n",
      "a:\n  - x\n  - y z\n", "a:\n\n  # c\n  b: c\n", "a: x%y@z\n", "a: cat x | wc -l > count.txt\n", "a: echo $HOME ${x} && y\n",
      "s-1.b@c: x\n", "a: x-\n", "a: x:y\n", "a:\n  b:\n    c:\n      - d\n      - e\n    f: [g, h]\n  i:\n", "stages:\n  s:\n    cmd:\n",
    ];
    for (const text of accepted) expect([text, expectSameAsYamlPackage(text)]).toEqual([text, true]);
  });
});
