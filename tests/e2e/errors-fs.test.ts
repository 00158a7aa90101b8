import { describe, expect, test } from "bun:test";
import { chmodSync, readdirSync } from "node:fs";
import { PIVOT_BIN, type PivotResult, type TestProject, hasStackTrace, makeProject } from "../support/project";
import { requireExecutable } from "../support/start-test-file";

const PIPELINE = "stages:\n  a:\n    cmd: echo a > a.txt\n    outs: [a.txt]\n";
/**
 * Runs pivot as a user who cannot write `folder`. Root ignores file modes through its
 * capabilities, so as root pivot runs with every capability dropped (setpriv): still uid 0,
 * still able to read the project, but bound by the folder's mode like any other owner.
 */
async function pivotWithReadOnly(project: TestProject, folder: string, ...args: string[]): Promise<PivotResult> {
  chmodSync(project.path(folder), 0o555);
  let command = ["bun", PIVOT_BIN, ...args];
  if (process.getuid?.() === 0) command = [requireExecutable("setpriv"), "--bounding-set=-all", "--inh-caps=-all", ...command];
  const proc = Bun.spawn(command, { cwd: project.root, env: { ...process.env, HOME: project.root, NO_COLOR: "1" }, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  chmodSync(project.path(folder), 0o755);
  return { exitCode, stdout, stderr, output: stdout + stderr };
}

describe("file-system errors on pivot's own folders say what to do", () => {
  test("an unwritable .pivot/stages names the file and how to fix it, for repro and commit", async () => {
    const project = makeProject({ "pivot.yaml": PIPELINE, ".pivot/stages/": "" });
    for (const command of ["repro", "commit"]) {
      const result = await pivotWithReadOnly(project, ".pivot/stages", command);
      expect(result.exitCode).toBe(1);
      expect(result.output).toMatch(/Cannot open \S*\.pivot\/stages\/a\.running: permission denied/);
      expect(result.output).toContain("make it writable by the user running pivot");
      expect(result.output).not.toContain("EACCES");
      expect(hasStackTrace(result.output)).toBe(false);
    }
  });

  test("a file where pivot expects a folder is named, with what to do", async () => {
    const project = makeProject({ "pivot.yaml": PIPELINE, ".pivot/stages": "not a folder\n" });
    const result = await project.pivot("repro");
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain(".pivot/stages");
    expect(result.output).toContain("A file is where pivot expects a folder");
    expect(hasStackTrace(result.output)).toBe(false);
  });

  test("a pipeline that fails to load leaves nothing behind in .pivot/", async () => {
    const project = makeProject({ "pivot.yaml": "stages:\n  a:\n    cmd: [\n" });
    for (const command of [["repro"], ["status"], ["list"], ["repro", "--all"]]) {
      const result = await project.pivot(...command);
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toContain("pivot.yaml");
      expect(readdirSync(project.path(".pivot"))).toEqual([]);
    }
  });
});
