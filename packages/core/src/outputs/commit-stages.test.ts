import { afterAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { hasObject } from "../cache/cache-add";
import { readLock } from "../lock/lock-file";
import { commitStages } from "./commit-stages";
import { type TestDataProject, makeDataProject } from "./outputs-test-support";

const projects: TestDataProject[] = [];
afterAll(() => projects.forEach((p) => rmSync(p.root, { recursive: true, force: true })));

function pipeline(): TestDataProject {
  const p = makeDataProject([
    { id: "prepare", deps: ["raw.csv"], outs: ["clean.csv"] },
    { id: "train", deps: ["clean.csv"], outs: ["model/"] },
  ]);
  projects.push(p);
  p.write({ "raw.csv": "a\n", "clean.csv": "A\n", "model/w.bin": "w" });
  return p;
}

describe("commitStages", () => {
  test("records every stale stage: lock file written, outputs cached", async () => {
    const p = pipeline();
    const report = await commitStages(p, { targets: [] });
    expect(report.committed.map((c) => c.stage)).toEqual(["prepare", "train"]);
    expect(report.failed).toEqual([]);
    const lock = readLock(p.graph().stage("train"));
    expect(lock.kind).toBe("ok");
    if (lock.kind !== "ok") return;
    expect(lock.lock.deps.map((d) => d.path)).toEqual(["clean.csv"]);
    expect(lock.lock.outs[0]).toMatchObject({ path: "model", files: 1, cache: true });
    expect(hasObject(p.config.cacheDir, lock.lock.outs[0]!.hash)).toBe(true);
  });

  test("without targets, stages whose lock matches the workspace are left alone; named ones are recorded", async () => {
    const p = pipeline();
    await commitStages(p, { targets: [] });
    const again = await commitStages(p, { targets: [] });
    expect(again.committed).toEqual([]);
    expect(again.unchanged).toEqual(["prepare", "train"]);
    const named = await commitStages(p, { targets: ["train"] });
    expect(named.committed).toEqual([{ stage: "train", reason: "unchanged" }]);
  });

  test("a missing output or dep fails that stage only, writing nothing for it", async () => {
    const p = pipeline();
    rmSync(p.abs("model"), { recursive: true });
    rmSync(p.abs("raw.csv"));
    const report = await commitStages(p, { targets: [] });
    expect(report.committed).toEqual([]);
    expect(report.failed.map((f) => f.stage)).toEqual(["prepare", "train"]);
    expect(report.failed[0]!.error).toContain("raw.csv");
    expect(report.failed[1]!.error).toContain("model");
    expect(readLock(p.graph().stage("train")).kind).toBe("missing");
  });
});
