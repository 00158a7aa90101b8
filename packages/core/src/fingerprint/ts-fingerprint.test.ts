import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { PivotError } from "../errors/pivot-error";
import { FingerprintCache } from "./fingerprint-cache";
import { changedParts, fingerprintProject, memoryStore, removeFingerprintProjects, tsStage } from "./test-support";
import { TsFingerprinter } from "./ts-fingerprint";

afterAll(removeFingerprintProjects);

const PIPELINE = `import { Pipeline, loaders as l } from "@pivot/core";
import { normalize } from "./src/utils";

export const pipeline = new Pipeline("demo");
const THRESHOLD = 0.5;

pipeline.stage("a", {
  deps: { raw: l.csv("raw.csv", { delimiter: "," }) },
  outs: { clean: l.json("clean.json") },
  run({ raw }) {
    return { clean: normalize(raw).filter((r) => r.score > THRESHOLD) };
  },
});

pipeline.stage("b", {
  outs: { out: l.text("b.txt") },
  run: () => ({ out: "b" }),
});
`;

const UTILS = `export function normalize(rows) { return rows.map(scale); }
function scale(row) { return { ...row, score: row.score / 100 }; }
export function unused() { return 1; }
`;

const a = tsStage("a", { line: 7 });
const b = tsStage("b", { line: 15 });

describe("TS stage fingerprints", () => {
  test("name the stage function, helpers with their files, constants, loaders and packages", () => {
    const project = fingerprintProject({ "pipeline.ts": PIPELINE, "src/utils.ts": UTILS });
    expect(Object.keys(project.parts(a))).toEqual([
      "const:THRESHOLD pipeline.ts",
      "fn:normalize src/utils.ts",
      "fn:scale src/utils.ts",
      "loader:clean pipeline.ts",
      "loader:raw pipeline.ts",
      "pkg:@pivot/core",
      "run:a pipeline.ts",
    ]);
    expect(Object.keys(project.parts(b))).toEqual(["loader:out pipeline.ts", "pkg:@pivot/core", "run:b pipeline.ts"]);
  });

  test("a package is recorded with its installed version, and upgrading it changes its part", () => {
    const project = fingerprintProject({ "pipeline.ts": PIPELINE, "src/utils.ts": UTILS });
    expect(project.parts(a)["pkg:@pivot/core"]).toBe("@pivot/core (not installed)");
    project.write({ "node_modules/@pivot/core/package.json": '{"name":"@pivot/core","version":"1.0.0","main":"i.js"}', "node_modules/@pivot/core/i.js": "" });
    expect(project.parts(a)["pkg:@pivot/core"]).toBe("@pivot/core@1.0.0");
    project.write({ "node_modules/@pivot/core/package.json": '{"name":"@pivot/core","version":"1.1.0","main":"i.js"}' });
    expect(project.parts(a)["pkg:@pivot/core"]).toBe("@pivot/core@1.1.0");
  });

  test("editing one stage's body changes only that stage", () => {
    const project = fingerprintProject({ "pipeline.ts": PIPELINE, "src/utils.ts": UTILS });
    const [beforeA, beforeB] = [project.parts(a), project.parts(b)];
    project.write({ "pipeline.ts": PIPELINE.replace('({ out: "b" })', '({ out: "B" })') });
    expect(changedParts(beforeA, project.parts(a))).toEqual([]);
    expect(changedParts(beforeB, project.parts(b))).toEqual(["run:b pipeline.ts"]);
  });

  test("editing a helper changes the stage using it, named with its file", () => {
    const project = fingerprintProject({ "pipeline.ts": PIPELINE, "src/utils.ts": UTILS });
    const before = project.parts(a);
    project.write({ "src/utils.ts": UTILS.replace("/ 100", "/ 10") });
    expect(changedParts(before, project.parts(a))).toEqual(["fn:scale src/utils.ts"]);
  });

  test("comments, whitespace and types change nothing", () => {
    const project = fingerprintProject({ "pipeline.ts": PIPELINE, "src/utils.ts": UTILS });
    const before = project.parts(a);
    project.write({
      "pipeline.ts": `// The demo pipeline\n${PIPELINE.replace("const THRESHOLD = 0.5;", "/** cut-off */\nconst   THRESHOLD: number = 0.5 ;")}`,
      "src/utils.ts": `${UTILS.replace("function scale(row)", "function scale(row: { score: number })")}\n// end\n`,
    });
    expect(changedParts(before, project.parts(a))).toEqual([]);
  });

  test("renaming an unused export changes nothing; changing a used one does", () => {
    const project = fingerprintProject({ "pipeline.ts": PIPELINE, "src/utils.ts": UTILS });
    const before = project.parts(a);
    project.write({ "src/utils.ts": UTILS.replace("unused()", "renamed()") });
    expect(changedParts(before, project.parts(a))).toEqual([]);
    project.write({ "src/utils.ts": UTILS.replace("rows.map(scale)", "rows.map(scale).slice(1)") });
    expect(changedParts(before, project.parts(a))).toEqual(["fn:normalize src/utils.ts"]);
  });

  test("a changed constant or loader option is named", () => {
    const project = fingerprintProject({ "pipeline.ts": PIPELINE, "src/utils.ts": UTILS });
    const before = project.parts(a);
    project.write({ "pipeline.ts": PIPELINE.replace("0.5", "0.7").replace('delimiter: ","', 'delimiter: ";"') });
    expect(changedParts(before, project.parts(a))).toEqual(["const:THRESHOLD pipeline.ts", "loader:raw pipeline.ts"]);
  });

  test("re-exports and namespace imports lead to the declaration actually used", () => {
    const project = fingerprintProject({
      "pipeline.ts": `import * as lib from "./lib";\nimport { pipeline } from "./p";\npipeline.stage("s", { run: () => lib.twice(2) });\n`,
      "p.ts": "export const pipeline = { stage() {} };\n",
      "lib/index.ts": 'export * from "./math";\nexport { other } from "./other";\n',
      "lib/math.ts": "export const twice = (n) => n * FACTOR;\nconst FACTOR = 2;\nexport const thrice = (n) => n * 3;\n",
      "lib/other.ts": "export const other = 1;\n",
    });
    expect(Object.keys(project.parts(tsStage("s")))).toEqual(["const:FACTOR lib/math.ts", "fn:twice lib/math.ts", "run:s pipeline.ts"]);
  });

  test("stages registered in a loop are found by the line of the call", () => {
    const project = fingerprintProject({
      "pipeline.ts": `const p = { stage() {} };\nfor (const m of ["x", "y"]) {\n  p.stage(\`train-\${m}\`, { run: () => fit(m) });\n}\nfunction fit(m) { return m; }\n`,
    });
    expect(Object.keys(project.parts(tsStage("train-x", { line: 3 })))).toEqual(["fn:fit pipeline.ts", "run:train-x pipeline.ts"]);
  });

  test("a stage whose call cannot be found falls back to the whole module", () => {
    const project = fingerprintProject({ "pipeline.ts": "const p = { stage() {} };\nconst make = (n) => p.stage(n, { run });\nmake('a');\nmake('b');\nfunction run() {}\nconst other = (n) => p.stage(n, {});\n" });
    expect(Object.keys(project.parts(tsStage("a")))).toContain("module:pipeline.ts");
  });

  test("code: [...] adds listed functions and files", () => {
    const project = fingerprintProject({
      "pipeline.ts": `const p = { stage() {} };\nconst handlers = {};\nfunction extra() { return 1; }\np.stage("s", { code: [extra, "tool.py"], run: () => handlers["x"]() });\n`,
      "tool.py": "print(1)\n",
    });
    const parts = project.parts(tsStage("s"));
    expect(Object.keys(parts)).toEqual(["code:s pipeline.ts", "const:handlers pipeline.ts", "file:tool.py", "fn:extra pipeline.ts", "run:s pipeline.ts"]);
  });

  test("code files are relative to the stage's folder, '//' from the project root, '/' absolute", () => {
    const project = fingerprintProject({ "tools/a.py": "a\n", "tools/b.py": "b\n", "tools/d.py": "d\n", "sub/c.py": "c\n" });
    const files = ["//tools/a.py", "../tools/b.py", "c.py", `${project.root}/tools/d.py`];
    project.write({ "sub/pipeline.ts": `const p = { stage() {} };\np.stage("s", { code: ${JSON.stringify(files)}, run: () => 1 });\n` });
    const stage = { ...tsStage("s", { file: "sub/pipeline.ts" }), wdir: "sub" };
    const parts = project.parts(stage);
    expect(Object.keys(parts).filter((part) => part.startsWith("file:"))).toEqual(["file:sub/c.py", "file:tools/a.py", "file:tools/b.py", "file:tools/d.py"]);
  });

  test("a pivot.yaml `run: file#fn` stage starts from the exported function", () => {
    const project = fingerprintProject({ "stages.ts": "import { helper } from './h';\nexport function train(ctx) { return helper(ctx); }\nexport function other() {}\n", "h.ts": "export const helper = (x) => x;\n" });
    const stage = tsStage("train", { file: "stages.ts", exportName: "train" });
    expect(Object.keys(project.parts(stage))).toEqual(["fn:helper h.ts", "run:train stages.ts"]);
  });

  test("a missing export is an error naming the file, the stage and the exports", () => {
    const project = fingerprintProject({ "stages.ts": "export function train() {}\n" });
    const attempt = () => project.parts(tsStage("fit", { file: "stages.ts", exportName: "fit" }));
    expect(attempt).toThrow(PivotError);
    expect(attempt).toThrow("Stage 'fit': stages.ts has no export 'fit'");
  });

  test("a syntax error is reported with the file and line", () => {
    const project = fingerprintProject({ "stages.ts": "export function train() {\n  return (;\n}\n" });
    expect(() => project.parts(tsStage("train", { file: "stages.ts", exportName: "train" }))).toThrow(/Cannot parse stages\.ts:2/);
  });
});

describe("fingerprint cache", () => {
  const hashOf = (file: string) => Bun.hash.xxHash64(readFileSync(file)).toString(16).padStart(16, "0");

  test("is reused while the files are unchanged and dropped when one changes", () => {
    const project = fingerprintProject({ "pipeline.ts": PIPELINE, "src/utils.ts": UTILS });
    const store = memoryStore();
    const fingerprinter = new TsFingerprinter();
    const parts = fingerprinter.fingerprint(a, { projectRoot: project.root, store });
    fingerprinter.endCommand();
    const cache = new FingerprintCache();
    expect(cache.read(store, a, project.root, hashOf)).toEqual(parts);
    project.write({ "src/utils.ts": `${UTILS}// edited\n` });
    expect(cache.read(store, a, project.root, hashOf)).toBeUndefined();
    expect(new TsFingerprinter().fingerprint(a, { projectRoot: project.root, store })).toEqual(parts);
  });

  test("entries are written to the store when the command ends", () => {
    const project = fingerprintProject({ "pipeline.ts": PIPELINE, "src/utils.ts": UTILS });
    const store = memoryStore();
    const fingerprinter = new TsFingerprinter();
    fingerprinter.fingerprint(a, { projectRoot: project.root, store });
    expect(store.getCached("ts-fingerprint", "a")).toBeUndefined();
    fingerprinter.endCommand();
    expect(store.getCached("ts-fingerprint", "a")).toBeString();
  });

  test("a different stage line is a miss", () => {
    const project = fingerprintProject({ "pipeline.ts": PIPELINE, "src/utils.ts": UTILS });
    const store = memoryStore();
    const fingerprinter = new TsFingerprinter();
    fingerprinter.fingerprint(a, { projectRoot: project.root, store });
    fingerprinter.endCommand();
    expect(new FingerprintCache().read(store, tsStage("a", { line: 8 }), project.root, hashOf)).toBeUndefined();
  });

  test("a file edited during a command is seen by the next command", () => {
    const project = fingerprintProject({ "pipeline.ts": PIPELINE, "src/utils.ts": UTILS });
    const store = memoryStore();
    const fingerprinter = new TsFingerprinter();
    const before = fingerprinter.fingerprint(a, { projectRoot: project.root, store });
    project.write({ "src/utils.ts": UTILS.replace("/ 100", "/ 7") });
    expect(fingerprinter.fingerprint(a, { projectRoot: project.root, store })).toEqual(before);
    fingerprinter.endCommand();
    expect(changedParts(before, fingerprinter.fingerprint(a, { projectRoot: project.root, store }))).toEqual(["fn:scale src/utils.ts"]);
  });
});
