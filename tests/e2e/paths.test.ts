import { describe, expect, test } from "bun:test";
import { hasStackTrace, makeProject } from "../support/project";
import { makeTsProject, ranStages } from "../support/ts-project";

const parse = (text: string) => Bun.YAML.parse(text) as any; // biome-ignore lint: test data

const ALPHA = "stages:\n  make:\n    cmd: cp in.txt a.txt\n    deps: [in.txt]\n    outs: [a.txt]\n";
const beta = (dep: string) => `stages:\n  use:\n    cmd: tr a-z A-Z < ../alpha/a.txt > b.txt\n    deps: ['${dep}']\n    outs: [b.txt]\n`;

/** alpha/ makes a.txt; beta/ reads it through `dep`. Both share the root .pivot/. */
function siblings(dep = "../alpha/a.txt") {
  return makeProject({ "alpha/pivot.yaml": ALPHA, "alpha/in.txt": "hello\n", "beta/pivot.yaml": beta(dep) });
}

const lockOf = (project: ReturnType<typeof makeProject>, name: string) => parse(project.read(`.pivot/stages/${name}.lock`));

describe("paths with '..', '//' and absolute paths", () => {
  test("a '../' dep links to the sibling pipeline's output under --all", async () => {
    const project = siblings();
    const result = await project.pivot("repro", "--all");
    expect(result.exitCode).toBe(0);
    expect(ranStages(result.stderr + result.stdout)).toEqual(["make", "use"]);
    expect(project.read("beta/b.txt")).toBe("HELLO\n");
    expect(lockOf(project, "beta/use").deps.map((d: { path: string }) => d.path)).toEqual(["alpha/a.txt"]);
  });

  test("run from the sub-pipeline's folder without --all, the sibling producer is brought in", async () => {
    const project = siblings();
    const first = await project.pivotIn("beta", "repro");
    expect(first.exitCode).toBe(0);
    expect(ranStages(first.output)).toEqual(["make", "use"]);
    expect(project.read("beta/b.txt")).toBe("HELLO\n");

    project.write("alpha/in.txt", "again\n");
    const second = await project.pivotIn("beta", "repro");
    expect(second.exitCode).toBe(0);
    expect(ranStages(second.output)).toEqual(["make", "use"]);
    expect(project.read("beta/b.txt")).toBe("AGAIN\n");
  });

  test("'../alpha/a.txt' and '//alpha/a.txt' are the same path: switching spellings re-runs nothing", async () => {
    const project = siblings("../alpha/a.txt");
    expect((await project.pivot("repro", "--all")).exitCode).toBe(0);
    const before = project.read(".pivot/stages/beta/use.lock");

    project.write("beta/pivot.yaml", beta("//alpha/a.txt"));
    const again = await project.pivot("repro", "--all");
    expect(again.exitCode).toBe(0);
    expect(ranStages(again.output)).toEqual([]);
    expect(project.read(".pivot/stages/beta/use.lock")).toBe(before);

    project.write("beta/pivot.yaml", beta(`${project.root}/beta/../alpha/a.txt`));
    expect(ranStages((await project.pivot("repro", "--all")).output)).toEqual([]);
  });

  test("an out written as '../shared/model.bin' is recorded as shared/model.bin", async () => {
    const project = makeProject({
      "beta/pivot.yaml": "stages:\n  train:\n    cmd: printf model > ../shared/model.bin\n    outs: [../shared/model.bin]\n",
      "pivot.yaml": "stages:\n  ship:\n    cmd: cp shared/model.bin shipped.bin\n    deps: [shared/model.bin]\n    outs: [shipped.bin]\n",
    });
    const result = await project.pivot("repro", "--all");
    expect(result.exitCode).toBe(0);
    expect(project.read("shipped.bin")).toBe("model");
    expect(lockOf(project, "beta/train").outs.map((o: { path: string }) => o.path)).toEqual(["shared/model.bin"]);
    const status = await project.pivotIn("beta", "status");
    expect(status.output).toContain("up to date");
  });

  test("wdir: .. runs the command at the project root", async () => {
    const project = makeProject({
      "beta/pivot.yaml": "stages:\n  copy:\n    wdir: ..\n    cmd: cat alpha/in.txt > beta/copy.txt\n    deps: [../alpha/in.txt]\n    outs: [copy.txt]\n",
      "alpha/in.txt": "root\n",
    });
    const result = await project.pivotIn("beta", "repro");
    expect(result.exitCode).toBe(0);
    expect(project.read("beta/copy.txt")).toBe("root\n");
    expect(lockOf(project, "beta/copy").deps.map((d: { path: string }) => d.path)).toEqual(["alpha/in.txt"]);
  });

  test("a '..' leaving the project is an error naming the file, the stage and the path", async () => {
    const project = siblings("../../outside.txt");
    const result = await project.pivotIn("beta", "repro");
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain("beta/pivot.yaml:4: stage 'use': dep path '../../outside.txt' resolves to");
    expect(result.stderr).toContain(`outside the project ${project.root}`);
    expect(hasStackTrace(result.output)).toBe(false);
  });

  test("an absolute path outside the project says how to name the project's own file", async () => {
    const project = siblings("/alpha/a.txt");
    const result = await project.pivotIn("beta", "list");
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain(`beta/pivot.yaml:4: stage 'use': dep path '/alpha/a.txt' is an absolute path outside the project ${project.root}`);
    expect(result.stderr).toContain("write //alpha/a.txt or ../alpha/a.txt");
    expect(hasStackTrace(result.output)).toBe(false);
  });

  test("pivot track takes '..' from the current folder while it stays inside the project", async () => {
    const project = makeProject({ "data/raw.csv": "a\n", "sub/": "" });
    const tracked = await project.pivotIn("sub", "track", "../data/raw.csv");
    expect(tracked.exitCode).toBe(0);
    expect(project.exists("data/raw.csv.pvt")).toBe(true);
  });
});

describe("TS pipelines", () => {
  test("loader paths with '..' and absolute paths resolve the same at discovery and at run time", async () => {
    const project = makeTsProject({
      "data/x.txt": "from data\n",
      "ts/pipeline.ts": `import { resolve } from "node:path";
import { Pipeline, loaders as l } from "@pivot/core";
export const pipeline = new Pipeline("ts");
pipeline.stage("shout", {
  deps: { x: l.text("../data/x.txt") },
  outs: { y: l.text(resolve(import.meta.dir, "../out/y.txt")) },
  run: ({ x }) => ({ y: x.toUpperCase() }),
});
`,
    });
    const result = await project.pivotIn("ts", "repro");
    expect(result.exitCode).toBe(0);
    expect(project.read("out/y.txt")).toBe("FROM DATA\n");
    const lock = lockOf(project, "ts/shout");
    expect(lock.deps.map((d: { path: string }) => d.path)).toEqual(["data/x.txt"]);
    expect(lock.outs.map((o: { path: string }) => o.path)).toEqual(["out/y.txt"]);
  });
});

describe("import-dvc and export with '../' paths", () => {
  const DVC = `stages:
  count:
    cmd: wc -l < ../data/raw.txt | tr -d ' ' > count.txt
    deps: [../data/raw.txt]
    params: [{../params.yaml: [n]}]
    outs: [count.txt]
  top:
    wdir: ..
    cmd: cat sub/count.txt data/raw.txt > sub/top.txt
    deps: [sub/count.txt, data/raw.txt]
    params: [n]
    outs: [sub/top.txt]
`;

  test("a dvc.yaml in a sub-folder imports with its paths kept, runs, and exports back the same", async () => {
    const project = makeProject({ "sub/dvc.yaml": DVC, "data/raw.txt": "a\nb\n", "params.yaml": "n: 1\n" });
    const imported = await project.pivotIn("sub", "import-dvc");
    expect(imported.exitCode).toBe(0);
    const pipeline = parse(project.read("sub/pivot.yaml"));
    expect(pipeline.stages.count).toMatchObject({ deps: ["../data/raw.txt"], params: [{ "../params.yaml": ["n"] }] });
    expect(pipeline.stages.top).toMatchObject({ wdir: "..", deps: ["count.txt", "../data/raw.txt"], outs: ["top.txt"], params: [{ "../params.yaml": ["n"] }] });

    const repro = await project.pivotIn("sub", "repro");
    expect(repro.exitCode).toBe(0);
    expect(project.read("sub/top.txt")).toBe("2\na\nb\n");

    const exported = await project.pivotIn("sub", "export", "--force");
    expect(exported.exitCode).toBe(0);
    const dvc = parse(project.read("sub/dvc.yaml"));
    expect(dvc.stages.count).toMatchObject({ deps: ["../data/raw.txt"], outs: ["count.txt"] });
    expect(dvc.stages.top).toMatchObject({ wdir: "..", deps: ["sub/count.txt", "data/raw.txt"], outs: ["sub/top.txt"] });
  });

  test("export writes '//' and absolute pivot paths relative to the dvc.yaml folder", async () => {
    const project = makeProject({ "data/raw.txt": "a\n", "data/other.txt": "b\n", "params.yaml": "n: 1\n" });
    project.write(
      "sub/pivot.yaml",
      `stages:\n  s:\n    cmd: cat ../data/*.txt > out.txt\n    deps: [//data/raw.txt, ${project.root}/data/other.txt]\n    params: [{//params.yaml: [n]}]\n    outs: [out.txt]\n`,
    );
    const exported = await project.pivotIn("sub", "export");
    expect(exported.exitCode).toBe(0);
    const dvc = parse(project.read("sub/dvc.yaml"));
    expect(dvc.stages.s).toMatchObject({ deps: ["../data/raw.txt", "../data/other.txt"], params: [{ "../params.yaml": ["n"] }], outs: ["out.txt"] });
  });
});
