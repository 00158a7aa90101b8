import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { makeProject } from "../support/project";
import { lockedHash, objectFile, outputsProject } from "../support/outputs-project";

/** Every object hash in the project's cache. */
function cachedHashes(root: string): string[] {
  const files = join(root, ".pivot/cache/files");
  return readdirSync(files).flatMap((shard) => readdirSync(join(files, shard)).map((rest) => shard + rest)).sort();
}

describe("pivot gc", () => {
  test("keeps referenced objects and frees the rest, reporting count and bytes", async () => {
    const project = outputsProject({ "keep.csv": "tracked data\n" });
    await project.pivot("repro");
    await project.pivot("track", "keep.csv");
    const oldClean = lockedHash(project, "prepare", "clean.txt");
    project.write("raw.txt", "something else\n");
    await project.pivot("repro");
    const before = cachedHashes(project.root);

    const dry = await project.pivot("gc", "--dry-run", "--json");
    expect(dry.exitCode).toBe(0);
    const planned = JSON.parse(dry.stdout);
    expect(planned.removed).toBeGreaterThanOrEqual(3);
    expect(planned.removedHashes).toContain(oldClean);
    expect(cachedHashes(project.root)).toEqual(before);

    const result = await project.pivot("gc");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Removed ${planned.removed} objects \\(\\d+ B\\)`));
    const after = cachedHashes(project.root);
    expect(after.length).toBe(before.length - planned.removed);
    expect(after).not.toContain(oldClean);

    // Everything still referenced is intact and restorable.
    expect((await project.pivot("verify")).exitCode).toBe(0);
    project.remove("parts");
    project.remove("keep.csv");
    expect((await project.pivot("checkout")).exitCode).toBe(0);
    expect(project.read("parts/head.txt")).toBe("SOM\n");
    expect(project.read("keep.csv")).toBe("tracked data\n");
    expect(project.exists(objectFile(lockedHash(project, "split", "parts")))).toBe(true);
  });

  test("--all-pipelines keeps the objects of every pipeline; without it they count as unused (with a warning)", async () => {
    const project = makeProject({
      "pivot.yaml": "stages:\n  top:\n    cmd: echo top > top.txt\n    outs: [top.txt]\n",
      "other/pivot.yaml": "stages:\n  side:\n    cmd: echo side > side.txt\n    outs: [side.txt]\n",
    });
    expect((await project.pivot("repro", "--all")).exitCode).toBe(0);
    const all = JSON.parse((await project.pivot("gc", "--all-pipelines", "--dry-run", "--json")).stdout);
    expect(all.removed).toBe(0);
    const one = await project.pivot("gc", "--dry-run", "--json");
    expect(JSON.parse(one.stdout)).toMatchObject({ removed: 1, otherPipelines: 1 });
    expect(one.stderr).toContain("--all-pipelines");
    expect((await project.pivot("gc", "--all-pipelines")).stdout).toContain("Removed 0 objects");
    expect(project.read("other/side.txt")).toBe("side\n");
  });

  test("refuses to collect when a referenced directory manifest is missing", async () => {
    const project = outputsProject();
    await project.pivot("repro");
    project.remove(objectFile(lockedHash(project, "split", "parts")));
    const before = cachedHashes(project.root);
    const result = await project.pivot("gc");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("parts");
    expect(cachedHashes(project.root)).toEqual(before);
  });
});
