import { describe, expect, test } from "bun:test";
import { chmodSync, existsSync, statSync } from "node:fs";
import { hasStackTrace } from "../support/project";
import { lockedHash, objectFile, outputsProject } from "../support/outputs-project";

async function ranProject(linkModes?: string[]) {
  const project = outputsProject({}, linkModes);
  expect((await project.pivot("repro")).exitCode).toBe(0);
  return project;
}

describe("pivot checkout", () => {
  test("restores a deleted file and a deleted directory", async () => {
    const project = await ranProject();
    project.remove("clean.txt");
    project.remove("parts");
    const result = await project.pivot("checkout");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("2 restored");
    expect(project.read("clean.txt")).toBe("HELLO WORLD\n");
    expect(project.read("parts/head.txt")).toBe("HEL\n");
    expect(project.read("parts/tail.txt")).toBe("LO WORLD\n");
    expect(JSON.parse((await project.pivot("status", "--json")).stdout).stale).toBe(false);
  });

  test("by stage name or by path, from a sub-folder too; a folder missing one file is completed", async () => {
    const project = await ranProject();
    project.remove("parts/head.txt");
    project.remove("clean.txt");
    const byStage = await project.pivot("checkout", "split");
    expect(byStage.exitCode).toBe(0);
    expect(project.read("parts/head.txt")).toBe("HEL\n");
    expect(existsSync(project.path("clean.txt"))).toBe(false);
    const byPath = await project.pivotIn("parts", "checkout", "../clean.txt");
    expect(byPath.exitCode).toBe(0);
    expect(project.read("clean.txt")).toBe("HELLO WORLD\n");
  });

  test("refuses to overwrite a modified file without --force, and exits non-zero", async () => {
    const project = await ranProject();
    project.write("clean.txt", "my edits\n");
    const refused = await project.pivot("checkout", "clean.txt");
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toContain("modified");
    expect(refused.stdout).toContain("--force");
    expect(project.read("clean.txt")).toBe("my edits\n");
    const forced = await project.pivot("checkout", "--force", "clean.txt");
    expect(forced.exitCode).toBe(0);
    expect(project.read("clean.txt")).toBe("HELLO WORLD\n");
  });

  test("a folder with a changed file is left alone unless --only-missing (fills gaps) or --force", async () => {
    const project = await ranProject();
    project.write("parts/head.txt", "mine\n");
    project.remove("parts/tail.txt");
    expect((await project.pivot("checkout", "parts")).exitCode).toBe(1);
    expect(existsSync(project.path("parts/tail.txt"))).toBe(false);
    expect((await project.pivot("checkout", "--only-missing", "parts")).exitCode).toBe(0);
    expect(project.read("parts/tail.txt")).toBe("LO WORLD\n");
    expect(project.read("parts/head.txt")).toBe("mine\n");
    expect((await project.pivot("checkout", "--force", "parts")).exitCode).toBe(0);
    expect(project.read("parts/head.txt")).toBe("HEL\n");
  });

  test("--relink switches unchanged outputs to the new link mode", async () => {
    const project = await ranProject();
    expect(statSync(project.path("clean.txt")).nlink).toBe(1);
    project.write(".pivot/config.yaml", "cache:\n  link: [hardlink, copy]\n");
    const result = await project.pivot("checkout", "--relink");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("relinked");
    expect(statSync(project.path("clean.txt")).nlink).toBe(2);
    expect(statSync(project.path("clean.txt")).mode & 0o222).toBe(0);
  });

  test("an unknown target is an error with a suggestion and no stack trace", async () => {
    const project = await ranProject();
    const result = await project.pivot("checkout", "clean.tx");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("Unknown target 'clean.tx'");
    expect(result.stderr).toContain("Did you mean 'clean.txt'");
    expect(hasStackTrace(result.output)).toBe(false);
  });

  test("contradictory flags are a usage error (exit 2)", async () => {
    const result = await (await ranProject()).pivot("checkout", "--force", "--only-missing");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("--force and --only-missing");
  });

  test("a corrupted cache object is detected and never linked into the workspace", async () => {
    const project = await ranProject(["hardlink", "copy"]);
    const object = objectFile(lockedHash(project, "prepare", "clean.txt"));
    project.remove("clean.txt");
    chmodSync(project.path(object), 0o644);
    project.write(object, "HELLO WORLX\n");
    const result = await project.pivot("checkout", "clean.txt");
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("corrupt");
    expect(existsSync(project.path("clean.txt"))).toBe(false);
    expect(existsSync(project.path(object))).toBe(false);
    expect(hasStackTrace(result.output)).toBe(false);
    // The next run re-creates the output and a good object.
    expect((await project.pivot("repro")).exitCode).toBe(0);
    expect(project.read("clean.txt")).toBe("HELLO WORLD\n");
    expect(project.read(object)).toBe("HELLO WORLD\n");
  });

  test("a missing cache object is reported with what to do", async () => {
    const project = await ranProject();
    project.remove(objectFile(lockedHash(project, "prepare", "clean.txt")));
    project.remove("clean.txt");
    const result = await project.pivot("checkout");
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("missing");
    expect(result.stdout).toContain("pivot pull");
  });

  test("--json reports every entry", async () => {
    const project = await ranProject();
    project.remove("clean.txt");
    const report = JSON.parse((await project.pivot("checkout", "--json")).stdout);
    expect(report.ok).toBe(true);
    expect(report.entries.map((e: { path: string; outcome: string }) => [e.path, e.outcome])).toEqual([
      ["clean.txt", "restored"],
      ["parts", "up-to-date"],
    ]);
  });
});
