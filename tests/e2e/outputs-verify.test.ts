import { describe, expect, test } from "bun:test";
import { chmodSync } from "node:fs";
import { hasStackTrace } from "../support/project";
import { lockedHash, objectFile, outputsProject } from "../support/outputs-project";

async function ranProject() {
  const project = outputsProject();
  expect((await project.pivot("repro")).exitCode).toBe(0);
  return project;
}

describe("pivot verify", () => {
  test("passes on a clean project", async () => {
    const result = await (await ranProject()).pivot("verify");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("Verification passed");
  });

  test("outputs missing from the workspace but intact in the cache still pass (CI after a fresh checkout)", async () => {
    const project = await ranProject();
    project.remove("parts");
    const result = await project.pivot("verify");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("restorable from the cache");
  });

  test("fails on a stale stage, naming it and why", async () => {
    const project = await ranProject();
    project.write("raw.txt", "changed\n");
    const result = await project.pivot("verify");
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("✖ prepare");
    expect(result.stdout).toContain("raw.txt");
    expect(result.stdout).toContain("Verification failed");
  });

  test("fails on a missing cache object", async () => {
    const project = await ranProject();
    project.remove(objectFile(lockedHash(project, "prepare", "clean.txt")));
    const result = await project.pivot("verify", "--json");
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.passed).toBe(false);
    const prepare = report.items.find((i: { name: string }) => i.name === "prepare");
    expect(prepare.problems.join(" ")).toContain("missing");
    expect(report.items.find((i: { name: string }) => i.name === "split").ok).toBe(true);
  });

  test("fails on a file of a directory output missing from the cache", async () => {
    const project = await ranProject();
    const manifest = JSON.parse(project.read(objectFile(lockedHash(project, "split", "parts"))));
    project.remove(objectFile(manifest.entries[0].hash));
    const result = await project.pivot("verify");
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("head.txt");
  });

  test("detects a corrupted cache object by re-hashing it (same size, so only the content is wrong)", async () => {
    const project = await ranProject();
    const object = objectFile(lockedHash(project, "prepare", "clean.txt"));
    chmodSync(project.path(object), 0o644);
    project.write(object, "HELLO WORLX\n");
    const result = await project.pivot("verify");
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("corrupt");
    expect(hasStackTrace(result.output)).toBe(false);
  });

  test("a named stage is verified with its upstream only; an unknown one is an error", async () => {
    const project = await ranProject();
    const json = JSON.parse((await project.pivot("verify", "prepare", "--json")).stdout);
    expect(json.items.map((i: { name: string }) => i.name)).toEqual(["prepare"]);
    const unknown = await project.pivot("verify", "prepar");
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain("Did you mean 'prepare'");
  });
});
