import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type JobFiles, jobScript } from "./job-script";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the job script with sh here, as slurmstepd would on a node, in a fresh folder. */
function runScript(commands: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "pivot-job-script-"));
  dirs.push(dir);
  const files: JobFiles = { exitFile: join(dir, "it's.exit"), stdoutFile: join(dir, "s.out"), stderrFile: join(dir, "s.err") };
  const proc = Bun.spawnSync(["sh", "-s"], { stdin: new TextEncoder().encode(jobScript({ commands, cwd: dir, projectRoot: dir, stageId: "st'age", files })), cwd: "/" });
  return { dir, files, code: proc.exitCode, stdout: proc.stdout.toString() };
}

describe("jobScript", () => {
  test("runs the commands in the stage folder and writes exit code 0 last", () => {
    const { dir, files, code, stdout } = runScript(["echo \"$PIVOT_STAGE in $(pwd)\"", "echo 'quoted; $HOME' > out.txt"]);
    expect(code).toBe(0);
    expect(stdout).toBe(`st'age in ${dir}\n`);
    expect(readFileSync(join(dir, "out.txt"), "utf8")).toBe("quoted; $HOME\n");
    expect(readFileSync(files.exitFile, "utf8")).toBe("0\n");
    expect(existsSync(`${files.exitFile}.tmp`)).toBe(false);
  });

  test("stops at the first failing command and records its code", () => {
    const { dir, files, code } = runScript(["exit 7", "touch never.txt"]);
    expect(code).toBe(7);
    expect(readFileSync(files.exitFile, "utf8")).toBe("7\n");
    expect(existsSync(join(dir, "never.txt"))).toBe(false);
  });
});
