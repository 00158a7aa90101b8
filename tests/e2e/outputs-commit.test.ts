import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { hasStackTrace, makeProject } from "../support/project";
import { lockFiles, lockedHash, objectFile, outputsProject } from "../support/outputs-project";

describe("pivot commit", () => {
  test("--no-commit then commit gives the same lock files as a normal run", async () => {
    const normal = outputsProject();
    expect((await normal.pivot("repro")).exitCode).toBe(0);

    const deferred = outputsProject();
    const run = await deferred.pivot("repro", "--no-commit");
    expect(run.exitCode).toBe(0);
    expect(deferred.read("clean.txt")).toBe("HELLO WORLD\n");
    expect(existsSync(deferred.path(".pivot/stages/prepare.lock"))).toBe(false);
    expect(existsSync(deferred.path(".pivot/cache/files"))).toBe(false);

    const commit = await deferred.pivot("commit");
    expect(commit.exitCode).toBe(0);
    expect(commit.stdout).toContain("Committed 2 stages");
    expect(lockFiles(deferred)).toEqual(lockFiles(normal));
    expect(existsSync(deferred.path(objectFile(lockedHash(deferred, "split", "parts"))))).toBe(true);

    const status = await deferred.pivot("status", "--json");
    expect(JSON.parse(status.stdout).stale).toBe(false);
    const again = await deferred.pivot("repro", "--json");
    expect(again.stdout).not.toContain('"status":"ran"');
  });

  test("with nothing stale there is nothing to commit; a named stage is recorded anyway", async () => {
    const project = outputsProject();
    await project.pivot("repro");
    const nothing = await project.pivot("commit");
    expect(nothing.exitCode).toBe(0);
    expect(nothing.stdout).toContain("Nothing to commit");
    const named = await project.pivot("commit", "prepare");
    expect(named.exitCode).toBe(0);
    expect(named.stdout).toContain("prepare");
  });

  test("a hand-edited output is recorded as the stage's result (the trust-me path)", async () => {
    const project = outputsProject();
    await project.pivot("repro");
    project.write("clean.txt", "HAND MADE\n");
    const commit = await project.pivot("commit", "--json");
    const report = JSON.parse(commit.stdout);
    expect(report.committed.map((c: { stage: string }) => c.stage)).toEqual(["prepare", "split"]);
    expect(JSON.parse((await project.pivot("status", "--json")).stdout).stale).toBe(false);
  });

  test("a stage whose output is missing fails clearly and exits non-zero; others are committed", async () => {
    const project = outputsProject();
    await project.pivot("repro", "--no-commit");
    project.remove("parts");
    const commit = await project.pivot("commit");
    expect(commit.exitCode).toBe(1);
    expect(commit.stdout).toContain("split");
    expect(commit.stdout).toContain("did not produce its output parts");
    expect(existsSync(project.path(".pivot/stages/prepare.lock"))).toBe(true);
    expect(existsSync(project.path(".pivot/stages/split.lock"))).toBe(false);
    expect(hasStackTrace(commit.output)).toBe(false);
  });

  test("a stage whose dep nothing produces and that is gone fails alone: commit records the others, status and verify report it and go on", async () => {
    const project = makeProject({
      "pivot.yaml": "stages:\n  a:\n    cmd: cp in.txt a.txt\n    deps: [in.txt]\n    outs: [a.txt]\n  b:\n    cmd: cp other.txt b.txt\n    deps: [other.txt]\n    outs: [b.txt]\n",
      "in.txt": "x\n",
      "a.txt": "x\n",
      "b.txt": "y\n",
    });
    const commit = await project.pivot("commit");
    expect(commit.exitCode).toBe(1);
    expect(commit.stdout).toContain("✔ a committed");
    expect(commit.stdout).toContain("✖ b dep other.txt is missing");
    expect(existsSync(project.path(".pivot/stages/a.lock"))).toBe(true);
    expect(existsSync(project.path(".pivot/stages/b.lock"))).toBe(false);

    const status = await project.pivot("status", "-v");
    expect(status.exitCode).toBe(1);
    expect(status.stdout).toMatch(/✔ a\s+up to date/);
    expect(status.stdout).toContain("dep other.txt is missing and no stage produces it");
    const verify = await project.pivot("verify");
    expect(verify.exitCode).toBe(1);
    expect(verify.stdout).toMatch(/✔ a\n/);
    expect(verify.stdout).toMatch(/✖ b\n/);
    expect(hasStackTrace(commit.output + status.output + verify.output)).toBe(false);
  });

  test("an unknown stage is an error with a suggestion", async () => {
    const result = await outputsProject().pivot("commit", "prepair");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("Unknown stage 'prepair'");
    expect(result.stderr).toContain("Did you mean 'prepare'");
    expect(hasStackTrace(result.output)).toBe(false);
  });
});
