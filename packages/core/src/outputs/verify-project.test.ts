import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, rmSync, writeFileSync } from "node:fs";
import { hasObject } from "../cache/cache-add";
import { objectPath } from "../cache/object-path";
import { readLock } from "../lock/lock-file";
import { trackPaths } from "../track/track-paths";
import { commitStages } from "./commit-stages";
import { type TestDataProject, makeDataProject } from "./outputs-test-support";
import { verifyProject } from "./verify-project";

const projects: TestDataProject[] = [];
afterAll(() => projects.forEach((p) => rmSync(p.root, { recursive: true, force: true })));

async function clean(): Promise<TestDataProject> {
  const p = makeDataProject([
    { id: "prepare", deps: ["raw.csv"], outs: ["clean.csv"] },
    { id: "train", deps: ["clean.csv"], outs: ["model/", { path: "metrics.json", cache: false }] },
  ]);
  projects.push(p);
  p.write({ "raw.csv": "a\n", "clean.csv": "A\n", "model/w.bin": "w", "metrics.json": "{}", "data.bin": "d" });
  await commitStages(p, { targets: [] });
  await trackPaths(p, ["data.bin"], p.root);
  return p;
}

function outHash(p: TestDataProject, stage: string, path: string): string {
  const read = readLock(p.graph().stage(stage));
  return read.kind === "ok" ? read.lock.outs.find((o) => o.path === path)!.hash : "";
}

describe("verifyProject", () => {
  test("a clean project passes, listing every stage and tracked path", async () => {
    const report = await verifyProject(await clean(), { targets: [] });
    expect(report.passed).toBe(true);
    expect(report.items.map((i) => [i.kind, i.name])).toEqual([["stage", "prepare"], ["stage", "train"], ["tracked", "data.bin"]]);
  });

  test("a stale stage fails with its reason; naming a stage checks it and its upstream only", async () => {
    const p = await clean();
    writeFileSync(p.abs("raw.csv"), "b\n");
    const report = await verifyProject(p, { targets: ["prepare"] });
    expect(report.passed).toBe(false);
    expect(report.items.map((i) => i.name)).toEqual(["prepare"]);
    expect(report.items[0]!.problems[0]).toContain("raw.csv");
  });

  test("a missing object fails, and outputs merely absent from the workspace are a note", async () => {
    const p = await clean();
    rmSync(p.abs("clean.csv"));
    rmSync(objectPath(p.config.cacheDir, outHash(p, "train", "model")));
    const report = await verifyProject(p, { targets: [] });
    expect(report.passed).toBe(false);
    const byName = Object.fromEntries(report.items.map((i) => [i.name, i]));
    expect(byName.prepare!.ok).toBe(true);
    expect(byName.prepare!.notes[0]).toContain("clean.csv");
    expect(byName.train!.problems[0]).toContain("missing");
  });

  test("a corrupt object (same size) fails and is removed from the cache", async () => {
    const p = await clean();
    const hash = outHash(p, "prepare", "clean.csv");
    chmodSync(objectPath(p.config.cacheDir, hash), 0o644);
    writeFileSync(objectPath(p.config.cacheDir, hash), "X\n");
    const report = await verifyProject(p, { targets: [] });
    expect(report.items[0]!.problems[0]).toContain("corrupt");
    expect(hasObject(p.config.cacheDir, hash)).toBe(false);
  });

  test("modified tracked data fails the gate", async () => {
    const p = await clean();
    writeFileSync(p.abs("data.bin"), "changed");
    const report = await verifyProject(p, { targets: [] });
    expect(report.passed).toBe(false);
    expect(report.items.at(-1)!.problems[0]).toContain("pivot track data.bin");
  });
});
