import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildGraph } from "./build-graph";
import { existsInProject } from "./path-exists";
import { existsAmong, makeStages, thrownBy } from "./stages-test-support";

describe("missing dependencies", () => {
  test("a dep nothing produces and that does not exist names stage, path and file", () => {
    const stages = makeStages({ id: "train", deps: ["data/raw.csv"], outs: ["model.bin"], file: "ml/pivot.yaml", line: 7 });
    const error = thrownBy(() => buildGraph(stages, { exists: existsAmong() }));
    expect(error.code).toBe("DEPENDENCY_MISSING");
    expect(error.message).toBe(
      "Stage 'train' (ml/pivot.yaml:7) depends on 'data/raw.csv', which no stage produces and which does not exist",
    );
    expect(error.hint).toBe("Create it, `pivot track` it, or add the stage that produces it.");
  });

  test("the hint suggests a close output path", () => {
    const stages = makeStages({ id: "prep", outs: ["data/clean.csv"] }, { id: "train", deps: ["data/claen.csv"] });
    const error = thrownBy(() => buildGraph(stages, { exists: existsAmong() }));
    expect(error.hint).toStartWith("Did you mean 'data/clean.csv'? Create it");
  });

  test("a dep present on disk or produced by a stage is fine", () => {
    const stages = makeStages({ id: "a", deps: ["in.txt"], outs: ["a/"] }, { id: "b", deps: ["a/x", "a.txt"] });
    expect(buildGraph(stages, { exists: existsAmong("in.txt", "a.txt") }).stages.size).toBe(2);
  });

  test("all missing deps are reported together, ten at most", () => {
    const deps = Array.from({ length: 12 }, (_, i) => `in/${String(i).padStart(2, "0")}.txt`);
    const stages = makeStages({ id: "one", deps: ["gone.txt"], file: "a.yaml" }, { id: "many", deps, file: "b.yaml" });
    const error = thrownBy(() => buildGraph(stages, { exists: existsAmong("in/05.txt") }));
    const lines = error.message.split("\n");
    expect(lines[0]).toBe("12 dependencies are neither produced by a stage nor present on disk:");
    expect(lines[1]).toBe("  'gone.txt', needed by 'one' (a.yaml)");
    expect(lines[2]).toBe("  'in/00.txt', needed by 'many' (b.yaml)");
    expect(lines).toHaveLength(12);
    expect(lines[11]).toBe("  … and 2 more");
    expect(error.message).not.toContain("in/05.txt");
  });

  test("allowMissingDeps skips the check but still builds edges", () => {
    const stages = makeStages({ id: "a", deps: ["gone"], outs: ["a.txt"] }, { id: "b", deps: ["a.txt"] });
    expect(buildGraph(stages, { exists: existsAmong(), allowMissingDeps: true }).upstreamOf("b")).toEqual(["a"]);
  });
});

describe("existsInProject", () => {
  const root = mkdtempSync(join(tmpdir(), "pivot-graph-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, "data"));
  writeFileSync(join(root, "data/raw.csv"), "x\n");
  writeFileSync(join(root, "images.pvt"), "path: images\n");
  writeFileSync(join(root, "big.bin.pvt"), "path: big.bin\n");

  test("accepts files on disk and tracked paths not yet pulled, inside tracked folders too", () => {
    const exists = existsInProject(root);
    expect(exists("data/raw.csv")).toBe(true);
    expect(exists("data")).toBe(true);
    expect(exists("big.bin")).toBe(true);
    expect(exists("images/cat/1.png")).toBe(true);
    expect(exists("data/other.csv")).toBe(false);
    expect(exists("imagesx")).toBe(false);
  });

  test("is the default when a projectRoot is given", () => {
    const stages = makeStages({ id: "a", deps: ["data/raw.csv", "images/1.png"] }, { id: "b", deps: ["nope"] });
    const error = thrownBy(() => buildGraph(stages, { projectRoot: root }));
    expect(error.message).toContain("'b' (pivot.yaml) depends on 'nope'");
  });
});
