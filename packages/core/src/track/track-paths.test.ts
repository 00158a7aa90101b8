import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hasObject } from "../cache/cache-add";
import type { PivotError } from "../errors/pivot-error";
import { type TestDataProject, makeDataProject } from "../outputs/outputs-test-support";
import { resolveTrackPath, trackPaths } from "./track-paths";
import { checkTrackedFiles } from "./tracked-status";
import { readTrackingFile } from "./tracking-file";

const projects: TestDataProject[] = [];
afterAll(() => projects.forEach((p) => rmSync(p.root, { recursive: true, force: true })));
function project(...args: Parameters<typeof makeDataProject>): TestDataProject {
  const made = makeDataProject(...args);
  projects.push(made);
  return made;
}

async function errorOf(run: () => unknown): Promise<PivotError> {
  try {
    await run();
  } catch (error) {
    return error as PivotError;
  }
  throw new Error("expected an error");
}

describe("resolveTrackPath refuses what pivot must not track", () => {
  const p = project();
  p.write({ "data/raw.csv": "a,b\n", "data/raw.csv.pvt": "x" });
  const cases: Array<[string, string]> = [
    ["../outside.csv", "outside the project"],
    ["/etc/hostname", "outside the project"],
    [".", "project root"],
    [".pivot/config.yaml", ".pivot"],
    ["data/raw.csv.pvt", "tracking file"],
    ["data/none.csv", "no such file"],
  ];
  for (const [raw, fragment] of cases) {
    test(`'${raw}'`, async () => {
      const error = await errorOf(() => resolveTrackPath(p.root, p.root, raw));
      expect(error.code).toBe("PATH_INVALID");
      expect(error.message).toContain(fragment);
      expect(error.hint).toBeString();
    });
  }

  test("paths are taken relative to the current folder", () => {
    expect(resolveTrackPath(p.root, join(p.root, "data"), "raw.csv")).toBe("data/raw.csv");
    expect(resolveTrackPath(p.root, join(p.root, "data"), "../data/./raw.csv")).toBe("data/raw.csv");
    expect(resolveTrackPath(p.root, p.root, "data/")).toBe("data");
  });
});

describe("trackPaths", () => {
  test("stores the data in the cache and writes the tracking file; tracking again records changes", async () => {
    const p = project();
    p.write({ "data/raw.csv": "a,b\n", "images/1.txt": "one", "images/2.txt": "two" });
    const first = await trackPaths(p, ["data/raw.csv", "images"], p.root);
    expect(first.map((r) => [r.path, r.action, r.files])).toEqual([["data/raw.csv", "tracked", undefined], ["images", "tracked", 2]]);
    for (const r of first) expect(hasObject(p.config.cacheDir, r.hash)).toBe(true);
    const read = readTrackingFile(p.root, "images.pvt");
    expect(read.kind === "ok" && read.record).toEqual({ path: "images", hash: first[1]!.hash, sizeBytes: 6, files: 2 });
    expect((await trackPaths(p, ["data/raw.csv"], p.root))[0]!.action).toBe("unchanged");
    writeFileSync(p.abs("data/raw.csv"), "a,b\n1,2\n");
    expect((await checkTrackedFiles(p)).map((s) => s.state)).toEqual(["modified", "clean"]);
    const again = await trackPaths(p, ["data/raw.csv"], p.root);
    expect(again[0]).toMatchObject({ action: "updated", previous: first[0]!.hash });
    expect((await checkTrackedFiles(p)).map((s) => s.state)).toEqual(["clean", "clean"]);
  });

  test("a path a stage produces, or inside or around one, is refused before anything is written", async () => {
    const p = project([{ id: "prepare", outs: ["data/clean.csv", "models/"] }]);
    p.write({ "data/clean.csv": "x", "models/m.bin": "m", "free.csv": "f" });
    for (const [raw, fragment] of [["data/clean.csv", "it is output"], ["models/m.bin", "inside models"], ["data", "contains data/clean.csv"]] as const) {
      const error = await errorOf(() => trackPaths(p, ["free.csv", raw], p.root));
      expect(error.code).toBe("OUTPUT_OVERLAP");
      expect(error.message).toContain(fragment);
      expect(error.message).toContain("prepare");
    }
    expect(readTrackingFile(p.root, "free.csv.pvt").kind).toBe("missing");
  });

  test("a folder and a file inside it cannot both be tracked", async () => {
    const p = project();
    p.write({ "images/1.txt": "one" });
    await trackPaths(p, ["images"], p.root);
    const error = await errorOf(() => trackPaths(p, ["images/1.txt"], p.root));
    expect(error.code).toBe("OUTPUT_OVERLAP");
    expect(error.message).toContain("images.pvt");
  });

  test("with a hardlink cache.link the data becomes a read-only link to the cache", async () => {
    const p = project([], { linkModes: ["hardlink", "copy"] });
    p.write({ "big.bin": "payload" });
    await trackPaths(p, ["big.bin"], p.root);
    expect(statSync(p.abs("big.bin")).nlink).toBe(2);
    expect(statSync(p.abs("big.bin")).mode & 0o777).toBe(0o444);
    expect(readFileSync(p.abs("big.bin"), "utf8")).toBe("payload");
    expect((await checkTrackedFiles(p))[0]!.state).toBe("clean");
  });

  test("status reports missing data and invalid tracking files", async () => {
    const p = project();
    p.write({ "a.csv": "a", "b.csv": "b" });
    await trackPaths(p, ["a.csv", "b.csv"], p.root);
    rmSync(p.abs("a.csv"));
    writeFileSync(p.abs("b.csv.pvt"), "schema: 1\n");
    const states = await checkTrackedFiles(p);
    expect(states.map((s) => s.state)).toEqual(["missing", "invalid"]);
    expect(states[1]!.problem).toContain("hash_algorithm");
  });
});
