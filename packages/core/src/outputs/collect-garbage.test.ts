import { afterAll, describe, expect, test } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { addFileToCache, hasObject } from "../cache/cache-add";
import { listCacheObjects } from "../cache/cache-objects";
import { objectPath } from "../cache/object-path";
import type { PivotError } from "../errors/pivot-error";
import { lockPathOf, readLock } from "../lock/lock-file";
import { trackPaths } from "../track/track-paths";
import { collectGarbage } from "./collect-garbage";
import { commitStages } from "./commit-stages";
import { type TestDataProject, makeDataProject } from "./outputs-test-support";

const projects: TestDataProject[] = [];
afterAll(() => projects.forEach((p) => rmSync(p.root, { recursive: true, force: true })));

/** A committed stage with a folder output, a tracked file, and two objects nothing references. */
async function withGarbage(): Promise<{ p: TestDataProject; garbage: string[] }> {
  const p = makeDataProject([{ id: "gen", outs: ["model/"] }]);
  projects.push(p);
  p.write({ "model/a.bin": "a", "model/b.bin": "b", "data.csv": "d", "old1.txt": "old one", "old2.txt": "old two" });
  await commitStages(p, { targets: [] });
  await trackPaths(p, ["data.csv"], p.root);
  const garbage = [await addFileToCache(p.config.cacheDir, p.abs("old1.txt")), await addFileToCache(p.config.cacheDir, p.abs("old2.txt"))];
  return { p, garbage: garbage.sort() };
}

describe("collectGarbage", () => {
  test("removes unreferenced objects and keeps every object of referenced folders and tracked data", async () => {
    const { p, garbage } = await withGarbage();
    const before = listCacheObjects(p.config.cacheDir).objects.length;
    const report = await collectGarbage(p, { dryRun: false });
    expect(report).toMatchObject({ removed: 2, removedBytes: 14, kept: before - 2, removedHashes: garbage });
    for (const hash of garbage) expect(hasObject(p.config.cacheDir, hash)).toBe(false);
    expect(listCacheObjects(p.config.cacheDir).objects).toHaveLength(before - 2);
  });

  test("a dry run reports the same and removes nothing", async () => {
    const { p, garbage } = await withGarbage();
    const report = await collectGarbage(p, { dryRun: true });
    expect(report.removedHashes).toEqual(garbage);
    for (const hash of garbage) expect(hasObject(p.config.cacheDir, hash)).toBe(true);
  });

  test("refuses, removing nothing, when a referenced folder's manifest is gone", async () => {
    const { p, garbage } = await withGarbage();
    const read = readLock(p.graph().stage("gen"));
    rmSync(objectPath(p.config.cacheDir, read.kind === "ok" ? read.lock.outs[0]!.hash : ""));
    const error = (await collectGarbage(p, { dryRun: false }).catch((e: unknown) => e)) as PivotError;
    expect(error.code).toBe("CACHE_MISSING");
    expect(error.message).toContain("model");
    expect(hasObject(p.config.cacheDir, garbage[0]!)).toBe(true);
  });

  test("refuses while a stage of the project is running, and with an unreadable lock file", async () => {
    const { p } = await withGarbage();
    const lock = lockPathOf(p.graph().stage("gen"));
    writeFileSync(lock.replace(/\.lock$/, ".running"), String(process.ppid));
    expect(((await collectGarbage(p, { dryRun: false }).catch((e: unknown) => e)) as PivotError).message).toContain("gen");
    rmSync(lock.replace(/\.lock$/, ".running"));
    writeFileSync(lock, "schema: [");
    expect(((await collectGarbage(p, { dryRun: false }).catch((e: unknown) => e)) as PivotError).code).toBe("LOCK_INVALID");
  });

  test("stale temp files of interrupted writes are removed too", async () => {
    const { p } = await withGarbage();
    const temp = join(p.config.cacheDir, "files", ".incoming.1.1.tmp");
    writeFileSync(temp, "partial");
    expect((await collectGarbage(p, { dryRun: false })).temps).toBe(0);
    expect((await collectGarbage(p, { dryRun: false, tempAgeMs: -1 })).temps).toBe(1);
  });

  test("a run-cache entry whose objects go is deleted with them; --keep-run-cache keeps young entries and their objects", async () => {
    const { p, garbage } = await withGarbage();
    const store = p.state.forStage(p.graph().stage("gen"));
    const committed = store.listRunCache().map((e) => e.inputHash);
    const old = { stage: "gen", inputHash: "a".repeat(32), outputs: { "model/": garbage[0]! }, createdAtMs: Date.now() - 10 * 86_400_000 };
    const recent = { stage: "gen", inputHash: "b".repeat(32), outputs: { "model/": garbage[1]! }, createdAtMs: Date.now() - 60_000 };
    store.putRunCache(old);
    store.putRunCache(recent);
    const dry = await collectGarbage(p, { dryRun: true, keepRunCacheMs: 86_400_000 });
    expect(dry.runCache).toEqual({ kept: committed.length + 1, removed: 1 });
    expect(dry.removedHashes).toEqual([garbage[0]!]);
    expect(store.listRunCache()).toHaveLength(committed.length + 2);
    const report = await collectGarbage(p, { dryRun: false, keepRunCacheMs: 86_400_000 });
    expect(report.removedHashes).toEqual([garbage[0]!]);
    expect(hasObject(p.config.cacheDir, garbage[1]!)).toBe(true);
    expect(store.listRunCache().map((e) => e.inputHash).sort()).toEqual([...committed, recent.inputHash].sort());
    expect((await collectGarbage(p, { dryRun: false })).runCache).toEqual({ kept: committed.length, removed: 1 });
    expect(store.listRunCache().map((e) => e.inputHash)).toEqual(committed);
  });
});
