import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { convertDvcYaml } from "./import-dvc";

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "pivot-import-dvc-"));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const convert = (root: string, dvcFile: string) => {
  const conversion = convertDvcYaml(root, join(root, dvcFile), join(root, dirname(dvcFile), "pivot.yaml"));
  return { ...conversion, pipeline: Bun.YAML.parse(conversion.text) as { stages: Record<string, Record<string, unknown>> } };
};

describe("import-dvc paths", () => {
  test("'../' paths, wdir and params files of a dvc.yaml in a sub-folder are kept relative to it", () => {
    const root = project({
      "sub/dvc.yaml": `stages:
  a:
    cmd: x
    deps: [../data/raw.csv, local.txt]
    outs: [../shared/model.bin, ../shared/dir/]
    params: [{../conf/params.yaml: [lr]}]
  b:
    wdir: ..
    cmd: y
    deps: [data/raw.csv]
    params: [seed]
    metrics: [sub/m.json]
  c:
    wdir: deeper
    cmd: z
    deps: [../../data/raw.csv, in.txt]
`,
    });
    const { pipeline, notes } = convert(root, "sub/dvc.yaml");
    expect(pipeline.stages.a).toEqual({ cmd: "x", deps: ["../data/raw.csv", "local.txt"], outs: ["../shared/model.bin", "../shared/dir/"], params: [{ "../conf/params.yaml": ["lr"] }] });
    expect(pipeline.stages.b).toEqual({ cmd: "y", wdir: "..", deps: ["../data/raw.csv"], params: [{ "../params.yaml": ["seed"] }], metrics: [{ path: "m.json", cache: true }] });
    expect(pipeline.stages.c).toEqual({ cmd: "z", wdir: "deeper", deps: ["../data/raw.csv", "deeper/in.txt"] });
    expect(notes).toEqual([]);
  });

  test("an absolute path inside the project becomes relative; one outside is kept absolute and noted", () => {
    const root = project({});
    writeFileSync(join(root, "dvc.yaml"), `stages:\n  a:\n    cmd: x\n    deps: [${root}/data/raw.csv, /elsewhere/big.bin, ../up.txt]\n`);
    const { pipeline, notes } = convert(root, "dvc.yaml");
    expect(pipeline.stages.a?.deps).toEqual(["data/raw.csv", "/elsewhere/big.bin", join(dirname(root), "up.txt")]);
    expect(notes).toEqual([
      "stage 'a': /elsewhere/big.bin is outside the project; pivot stages read and write only inside the project, so copy it in (or move the project root up)",
      `stage 'a': ../up.txt (${join(dirname(root), "up.txt")}) is outside the project; pivot stages read and write only inside the project, so copy it in (or move the project root up)`,
    ]);
  });
});
