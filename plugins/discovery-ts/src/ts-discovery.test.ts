import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PivotError } from "@pivot/core/internal";
import { tsDiscovery } from "./ts-discovery";

const CORE = JSON.stringify(join(import.meta.dir, "../../../packages/core/src/index.ts"));
const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

async function load(files: Record<string, string>, pipelineFile = "pipeline.ts") {
  const root = mkdtempSync(join(tmpdir(), "pivot-ts-discovery-"));
  roots.push(root);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  const file = join(root, pipelineFile);
  const dir = dirname(pipelineFile) === "." ? "." : dirname(pipelineFile);
  return tsDiscovery.load(file, { projectRoot: root, file, dir });
}

describe("tsDiscovery", () => {
  test("turns registered stages into the pipeline model", async () => {
    const def = await load({
      "sub/pipeline.ts": `import { Pipeline, loaders as l } from ${CORE};
export const pipeline = new Pipeline("demo");
pipeline.stage("clean", {
  deps: { raw: l.csv("data/raw.csv"), shared: l.text("//shared.txt"), up: l.text("../up/u.txt"), abs: l.text(import.meta.dir + "/../abs.txt") },
  outs: { clean: l.json("clean.json"), m: l.metric("m.json"), p: l.plot("p.csv", { x: "a" }), models: l.directory("models"), s: l.incremental(l.json("s.json")) },
  params: { min: 0.5 },
  mutex: ["gpu"],
  desc: "cleans",
  run: () => ({ clean: [], m: {}, p: [], s: {} }),
});
`,
      "sub/params.yaml": "clean:\n  min: 0.7\n",
    }, "sub/pipeline.ts");
    expect(def).toMatchObject({ name: "demo", dir: "sub", file: "sub/pipeline.ts" });
    expect(def.stages).toEqual([
      {
        name: "clean",
        body: { kind: "ts", file: "sub/pipeline.ts", exportName: "pipeline", stage: "clean" },
        deps: [{ path: "sub/data/raw.csv" }, { path: "shared.txt" }, { path: "up/u.txt" }, { path: "abs.txt" }],
        outs: [
          { path: "sub/clean.json", kind: "out", cache: true, isDir: false },
          { path: "sub/m.json", kind: "metric", cache: false, isDir: false },
          { path: "sub/p.csv", kind: "plot", cache: true, isDir: false, plot: { x: "a" } },
          { path: "sub/models", kind: "out", cache: true, isDir: true },
          { path: "sub/s.json", kind: "incremental", cache: true, isDir: false },
        ],
        params: [],
        paramValues: { min: 0.7 },
        mutex: ["gpu"],
        wdir: "sub",
        desc: "cleans",
        source: { file: "sub/pipeline.ts", line: 3 },
      },
    ]);
  });

  test("a module without a `pipeline` export is an error listing its exports", async () => {
    const attempt = load({ "pipeline.ts": `import { Pipeline } from ${CORE};\nexport const p = new Pipeline("x");\n` });
    expect(attempt).rejects.toThrow("pipeline.ts has no export named 'pipeline' (exports: p)");
  });

  test("a module that throws is an error naming the file and line", async () => {
    const attempt = load({ "pipeline.ts": 'const x: number = 1;\nthrow new Error("no config");\n' });
    expect(attempt).rejects.toThrow("pipeline.ts failed to load: no config (pipeline.ts:2)");
  });

  test("a package the project does not have is an error whose hint says to add it (@pivot/core at pivot's own version)", async () => {
    const version = (await Bun.file(join(import.meta.dir, "../package.json")).json()).version as string;
    // An empty node_modules: Bun does not try to install the missing package on the fly.
    const failure = async (source: string) => load({ "node_modules/.keep": "", "pipeline.ts": source }).then(() => undefined, (error: unknown) => error as PivotError);
    const core = await failure('import { Pipeline } from "@pivot/core";\nexport const pipeline = new Pipeline("x");\n');
    expect(core?.message).toBe("pipeline.ts failed to load: Cannot find package '@pivot/core' imported from pipeline.ts");
    expect(core?.hint).toBe(`Add it to the project: \`bun add -d @pivot/core@${version}\`.`);
    const other = await failure('import { chunk } from "not-installed-pkg/array";\nexport const pipeline = chunk;\n');
    expect(other?.hint).toBe("Add it to the project: `bun add -d not-installed-pkg`.");
    const local = await failure('import { x } from "./missing";\nexport const pipeline = x;\n');
    expect(local?.hint).toContain("Fix the error");
    const broken = await load({
      "node_modules/broken-pkg/package.json": JSON.stringify({ name: "broken-pkg", version: "1.0.0", type: "module", main: "index.js" }),
      "node_modules/broken-pkg/index.js": 'export { y } from "its-missing-dependency";\n',
      "pipeline.ts": 'import { y } from "broken-pkg";\nexport const pipeline = y;\n',
    }).then(() => undefined, (error: unknown) => error as PivotError);
    expect(broken?.message).toContain("Cannot find package 'its-missing-dependency'");
    expect(broken?.hint).toContain("Fix the error");
  });

  test("two outs writing one file is an error", async () => {
    try {
      await load({ "pipeline.ts": `import { Pipeline, loaders as l } from ${CORE};\nexport const pipeline = new Pipeline("x");\npipeline.stage("a", { outs: { x: l.text("o.txt"), y: l.json("o.txt") }, run: () => ({ x: "", y: 1 }) });\n` });
      throw new Error("expected an error");
    } catch (error) {
      expect(error).toBeInstanceOf(PivotError);
      expect((error as PivotError).message).toBe("pipeline.ts:3, stage 'a': outs 'x' and 'y' both write o.txt");
    }
  });
});
