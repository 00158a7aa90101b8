import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JobTracker } from "./job-tracker";
import { slurmSettings } from "./slurm-settings";

// No Slurm clients on PATH: squeue and sacct answer nothing, so only the job's own exit-code file can end it.
const dir = mkdtempSync(join(tmpdir(), "pivot-job-tracker-"));
const savedPath = process.env.PATH;
beforeAll(() => {
  process.env.PATH = join(dir, "no-bin");
});
afterAll(() => {
  process.env.PATH = savedPath;
  rmSync(dir, { recursive: true, force: true });
});

/** Writes the exit-code file as the job script does: temp file, then rename. */
function jobWrites(file: string, code: number): void {
  writeFileSync(`${file}.tmp`, `${code}\n`);
  renameSync(`${file}.tmp`, file);
}

describe("JobTracker", () => {
  test("a job whose exit-code file says 0 ends within exitCheckMs, long before the next status query", async () => {
    const tracker = new JobTracker(slurmSettings({ pollMinMs: 60_000, exitCheckMs: 20 }));
    const exitFile = join(dir, "ok.exit");
    let ticks = 0;
    const ended = tracker.watch("101", exitFile, () => ticks++);
    setTimeout(() => jobWrites(exitFile, 0), 100);
    const started = performance.now();
    expect(await ended).toEqual({ state: "COMPLETED", exitCode: 0 });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(tracker.queries).toBe(0);
    expect(ticks).toBe(1); // its log is read once more before it ends
    expect(tracker.inFlight()).toEqual([]);
  });

  test("another code waits for a status query, which ends it with the file's code", async () => {
    const tracker = new JobTracker(slurmSettings({ pollMinMs: 50, exitCheckMs: 20 }));
    const exitFile = join(dir, "bad.exit");
    jobWrites(exitFile, 7);
    expect(await tracker.watch("102", exitFile, () => {})).toEqual({ state: "FAILED", exitCode: 7 });
    expect(tracker.queries).toBeGreaterThan(0);
  });

  test("exitCheckMs 0: the file is read only at status queries", async () => {
    const tracker = new JobTracker(slurmSettings({ pollMinMs: 50, exitCheckMs: 0 }));
    const exitFile = join(dir, "late.exit");
    jobWrites(exitFile, 0);
    expect(await tracker.watch("103", exitFile, () => {})).toEqual({ state: "COMPLETED", exitCode: 0 });
    expect(tracker.queries).toBe(1);
  });
});
