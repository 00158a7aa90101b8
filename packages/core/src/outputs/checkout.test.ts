import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hasObject } from "../cache/cache-add";
import { objectPath } from "../cache/object-path";
import type { PivotError } from "../errors/pivot-error";
import { readLock } from "../lock/lock-file";
import { trackPaths } from "../track/track-paths";
import { checkoutData } from "./checkout";
import { commitStages } from "./commit-stages";
import { type TestDataProject, makeDataProject } from "./outputs-test-support";

const projects: TestDataProject[] = [];
afterAll(() => projects.forEach((p) => rmSync(p.root, { recursive: true, force: true })));

async function committed(options: Parameters<typeof makeDataProject>[1] = {}): Promise<TestDataProject> {
  const p = makeDataProject([{ id: "gen", outs: ["out.txt", "dir/", { path: "log.txt", kind: "incremental" }] }], options);
  projects.push(p);
  p.write({ "out.txt": "OUT\n", "dir/a.txt": "a\n", "dir/b.txt": "b\n", "log.txt": "line 1\n", "raw.csv": "raw\n" });
  await commitStages(p, { targets: [] });
  await trackPaths(p, ["raw.csv"], p.root);
  return p;
}

const run = (p: TestDataProject, targets: string[] = [], flags: { force?: boolean; onlyMissing?: boolean; relink?: boolean } = {}) =>
  checkoutData(p, { targets, cwd: p.root, ...flags });
const outcomes = (report: Awaited<ReturnType<typeof run>>) => Object.fromEntries(report.entries.map((e) => [e.path, e.outcome]));

describe("checkoutData", () => {
  test("restores deleted outputs and tracked data, leaves the rest", async () => {
    const p = await committed();
    rmSync(p.abs("out.txt"));
    rmSync(p.abs("dir"), { recursive: true });
    rmSync(p.abs("raw.csv"));
    expect(outcomes(await run(p))).toEqual({ "dir": "restored", "log.txt": "up-to-date", "out.txt": "restored", "raw.csv": "restored" });
    expect(readFileSync(p.abs("dir/b.txt"), "utf8")).toBe("b\n");
    expect(readFileSync(p.abs("raw.csv"), "utf8")).toBe("raw\n");
  });

  test("a modified file is reported and left alone; --force replaces it", async () => {
    const p = await committed();
    writeFileSync(p.abs("out.txt"), "mine\n");
    expect(outcomes(await run(p, ["out.txt"]))).toEqual({ "out.txt": "modified" });
    expect(readFileSync(p.abs("out.txt"), "utf8")).toBe("mine\n");
    expect(outcomes(await run(p, ["out.txt"], { force: true }))).toEqual({ "out.txt": "restored" });
    expect(readFileSync(p.abs("out.txt"), "utf8")).toBe("OUT\n");
  });

  test("a folder missing files only is completed; with a changed file it is a conflict unless --only-missing", async () => {
    const p = await committed();
    rmSync(p.abs("dir/a.txt"));
    expect(outcomes(await run(p, ["dir"]))).toEqual({ dir: "restored" });
    rmSync(p.abs("dir/a.txt"));
    writeFileSync(p.abs("dir/b.txt"), "changed\n");
    const conflict = await run(p, ["dir"]);
    expect(conflict.entries[0]).toMatchObject({ outcome: "modified" });
    expect(conflict.entries[0]!.detail).toContain("b.txt");
    expect(existsSync(p.abs("dir/a.txt"))).toBe(false);
    expect(outcomes(await run(p, ["dir"], { onlyMissing: true }))).toEqual({ dir: "restored" });
    expect(readFileSync(p.abs("dir/a.txt"), "utf8")).toBe("a\n");
    expect(readFileSync(p.abs("dir/b.txt"), "utf8")).toBe("changed\n");
  });

  test("targets: a stage name, a file inside a directory output, a .pvt path", async () => {
    const p = await committed();
    expect(Object.keys(outcomes(await run(p, ["gen"])))).toEqual(["dir", "log.txt", "out.txt"]);
    expect(Object.keys(outcomes(await run(p, ["dir/a.txt"])))).toEqual(["dir"]);
    expect(Object.keys(outcomes(await run(p, ["raw.csv.pvt"])))).toEqual(["raw.csv"]);
  });

  test("an unknown target is TARGET_NOT_FOUND with a suggestion", async () => {
    const p = await committed();
    const error = (await run(p, ["gne"]).catch((e: unknown) => e)) as PivotError;
    expect(error.code).toBe("TARGET_NOT_FOUND");
    expect(error.hint).toContain("Did you mean 'gen'");
  });

  test("a corrupt object is never linked and is removed from the cache", async () => {
    const p = await committed({ linkModes: ["hardlink", "copy"] });
    const lock = readLock(p.graph().stage("gen"));
    const hash = lock.kind === "ok" ? lock.lock.outs.find((o) => o.path === "out.txt")!.hash : "";
    rmSync(p.abs("out.txt"));
    chmodSync(objectPath(p.config.cacheDir, hash), 0o644);
    writeFileSync(objectPath(p.config.cacheDir, hash), "BAD\n");
    const report = await run(p, ["out.txt"]);
    expect(report.entries[0]).toMatchObject({ outcome: "corrupt-object" });
    expect(existsSync(p.abs("out.txt"))).toBe(false);
    expect(hasObject(p.config.cacheDir, hash)).toBe(false);
  });

  test("--relink re-places unchanged data with the current link mode; incremental outputs stay private copies", async () => {
    const p = await committed();
    expect(statSync(p.abs("out.txt")).nlink).toBe(1);
    const linked = { ...p, config: { ...p.config, linkModes: ["hardlink" as const, "copy" as const] } };
    expect(outcomes(await checkoutData(linked, { targets: [], cwd: p.root, relink: true }))["out.txt"]).toBe("relinked");
    expect(statSync(p.abs("out.txt")).nlink).toBe(2);
    expect(statSync(p.abs("log.txt")).nlink).toBe(1);
  });

  test("contradictory flags are a usage error", async () => {
    const p = await committed();
    const error = (await run(p, [], { force: true, onlyMissing: true }).catch((e: unknown) => e)) as PivotError;
    expect(error.code).toBe("USAGE");
  });

  test("a file or folder holding another cached version (after a branch switch) is replaced without --force: nothing is lost", async () => {
    const p = await committed();
    const lock = p.abs(".pivot/stages/gen.lock");
    const first = readFileSync(lock, "utf8");
    p.write({ "out.txt": "OTHER\n", "dir/a.txt": "changed\n" });
    await commitStages(p, { targets: [] });
    writeFileSync(lock, first);
    const report = await run(p);
    expect(outcomes(report)).toMatchObject({ "out.txt": "restored", dir: "restored" });
    expect(report.entries.find((e) => e.path === "out.txt")?.detail).toBe("replaced another cached version");
    expect(readFileSync(p.abs("out.txt"), "utf8")).toBe("OUT\n");
    expect(readFileSync(p.abs("dir/a.txt"), "utf8")).toBe("a\n");
    // An edit nothing cached is still left alone.
    writeFileSync(p.abs("out.txt"), "hand edit\n");
    expect(outcomes(await run(p))["out.txt"]).toBe("modified");
  });
});
