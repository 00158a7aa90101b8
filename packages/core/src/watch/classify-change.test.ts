import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildGraph } from "../graph/build-graph";
import { makeStages } from "../graph/stages-test-support";
import type { Project } from "../project/open-project";
import { classifyChange, skipWhileWatching } from "./classify-change";
import { buildWatchSet, type WatchSet } from "./watched-paths";

const root = mkdtempSync(join(tmpdir(), "pivot-watch-classify-"));
mkdirSync(join(root, "data/images"), { recursive: true });
writeFileSync(join(root, "data/raw.csv"), "a\n");

/** clean reads data/raw.csv → data/clean.csv → report; train reads data/images/; lonely is not selected. */
function stages() {
  const list = makeStages(
    { id: "clean", deps: ["data/raw.csv"], outs: ["data/clean.csv"] },
    { id: "report", deps: ["data/clean.csv"], outs: ["report.txt"] },
    { id: "train", deps: ["data/images"], outs: ["models/"] },
    { id: "lonely", deps: ["other.txt"], outs: ["other.out"] },
  );
  list[0]!.params = [{ file: "params.yaml", keys: ["clean.min"] }];
  return list;
}

async function watchSet(options: { discover?: boolean; selected?: string[] } = {}): Promise<WatchSet> {
  const list = stages();
  const graph = buildGraph(list, { allowMissingDeps: true });
  const project = {
    root,
    config: { cacheDir: join(root, ".pivot/cache") },
    pipelines: [{ name: "main", dir: ".", file: "pivot.yaml", inputs: ["vars.yaml"], stateDir: join(root, ".pivot") }],
    registry: { executor: () => undefined, discoveryPlugins: () => [{ configFiles: ["pivot.yaml", "pipeline.ts"] }] },
  } as unknown as Project;
  return buildWatchSet({ project, graph, selected: options.selected ?? ["clean", "report", "train"], discover: options.discover ?? false });
}

describe("classifyChange", () => {
  test("a dep of a selected stage is data for the stages reading it", async () => {
    const set = await watchSet();
    expect(classifyChange(set, "data/raw.csv")).toEqual({ kind: "data", stages: ["clean"] });
    expect(classifyChange(set, "data/images/cat.png")).toEqual({ kind: "data", stages: ["train"] });
  });

  test("a params file is data for the stages reading it", async () => {
    expect(classifyChange(await watchSet(), "params.yaml")).toEqual({ kind: "data", stages: ["clean"] });
  });

  test("pipeline files, vars files and .pivotignore reload", async () => {
    const set = await watchSet();
    for (const path of ["pivot.yaml", "vars.yaml", ".pivotignore"]) expect(classifyChange(set, path)).toEqual({ kind: "reload", cause: "definition" });
  });

  test("pivot's own writes never count: outputs, .pivot/, the cache", async () => {
    const set = await watchSet();
    for (const path of ["data/clean.csv", "models/w.bin", ".pivot/stages/clean.lock", ".pivot/cache/files/ab/cd", "sub/.pivot/state.db"]) {
      expect(classifyChange(set, path)).toEqual({ kind: "ignore" });
    }
  });

  test("deps of stages that are not selected, unrelated files and editor leftovers are ignored", async () => {
    const set = await watchSet();
    for (const path of ["other.txt", "notes.md", "data/images/.cat.png.swp", "data/images/cat.png~", ".git/index", "node_modules/x/index.js"]) {
      expect(classifyChange(set, path)).toEqual({ kind: "ignore" });
    }
  });

  test("with --all a pipeline file appearing anywhere reloads", async () => {
    expect(classifyChange(await watchSet(), "sub/pivot.yaml")).toEqual({ kind: "ignore" });
    expect(classifyChange(await watchSet({ discover: true }), "sub/pivot.yaml")).toEqual({ kind: "reload", cause: "pipeline" });
  });
});

describe("skipWhileWatching", () => {
  test("folders are followed only on the way to something watched", async () => {
    const set = await watchSet();
    expect(skipWhileWatching(set, join(root, "data"), true)).toBe(false);
    expect(skipWhileWatching(set, join(root, "data/images/sub"), true)).toBe(false);
    expect(skipWhileWatching(set, join(root, "docs"), true)).toBe(true);
    expect(skipWhileWatching(set, join(root, ".pivot"), undefined)).toBe(true);
    expect(skipWhileWatching(set, join(root, "models"), undefined)).toBe(true);
  });

  test("files are watched when a change to them would mean something", async () => {
    const set = await watchSet();
    expect(skipWhileWatching(set, join(root, "data/raw.csv"), false)).toBe(false);
    expect(skipWhileWatching(set, join(root, "data/clean.csv"), false)).toBe(true);
    expect(skipWhileWatching(set, join(root, "README.md"), false)).toBe(true);
  });

  test("with --all every folder is followed, except pivot's and ignored ones", async () => {
    const set = await watchSet({ discover: true });
    expect(skipWhileWatching(set, join(root, "docs"), true)).toBe(false);
    expect(skipWhileWatching(set, join(root, "node_modules"), true)).toBe(true);
  });
});

describe("buildWatchSet", () => {
  test("watches the folders holding deps, pipeline, vars and params files, and dep folders themselves", async () => {
    const set = await watchSet();
    expect(set.folders).toEqual([root, join(root, "data"), join(root, "data/images")]);
  });
});
