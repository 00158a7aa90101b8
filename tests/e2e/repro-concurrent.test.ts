import { describe, expect, test } from "bun:test";
import { type PivotResult, type TestProject, hasStackTrace, makeProject } from "../support/project";

/** Four slow independent stages fanning in to a fifth; every command logs its name to ran.log. */
const FAN_IN = `stages:
${[1, 2, 3, 4]
  .map((i) => `  s${i}:\n    cmd: sleep 0.6 && echo ${i} > out${i}.txt && echo s${i} >> ran.log\n    deps: [input.txt]\n    outs: [out${i}.txt]\n`)
  .join("")}  s5:
    cmd: cat out1.txt out2.txt out3.txt out4.txt > all.txt && echo s5 >> ran.log
    deps: [out1.txt, out2.txt, out3.txt, out4.txt]
    outs: [all.txt]
`;

function ranLog(project: TestProject): string[] {
  return project.exists("ran.log") ? project.read("ran.log").trim().split("\n").sort() : [];
}

async function staggered(project: TestProject, count: number, gapMs: number, ...args: string[]): Promise<PivotResult[]> {
  const runs: Array<Promise<PivotResult>> = [];
  for (let i = 0; i < count; i++) {
    runs.push(project.pivot("repro", ...args));
    await Bun.sleep(gapMs);
  }
  return Promise.all(runs);
}

describe("concurrent repro in one project", () => {
  test("five runs started 0.2 s apart all succeed, and each stage runs once", async () => {
    const project = makeProject({ "pivot.yaml": FAN_IN, "input.txt": "x\n" });
    const results = await staggered(project, 5, 200, "--jobs", "2");
    for (const result of results) {
      expect(hasStackTrace(result.output)).toBe(false);
      expect({ exitCode: result.exitCode, output: result.exitCode === 0 ? "" : result.output }).toEqual({ exitCode: 0, output: "" });
    }
    expect(ranLog(project)).toEqual(["s1", "s2", "s3", "s4", "s5"]);
    expect(project.read("all.txt")).toBe("1\n2\n3\n4\n");
    expect(results.some((r) => /is running in another pivot process \(pid \d+\); waiting for it/.test(r.stderr))).toBe(true);
    expect((await project.pivot("verify")).exitCode).toBe(0);
  }, 60_000);

  test("--no-wait fails a stage another process is running, and the first run is not disturbed", async () => {
    const project = makeProject({ "pivot.yaml": FAN_IN, "input.txt": "x\n" });
    const first = project.pivot("repro", "--jobs", "4");
    await Bun.sleep(300);
    const second = await project.pivot("repro", "--no-wait", "--jobs", "4");
    expect(second.exitCode).toBe(1);
    expect(second.output).toMatch(/Stage 's\d' is already running in another pivot process \(pid \d+\)/);
    expect(second.output).toContain("run without --no-wait to wait for it");
    expect(hasStackTrace(second.output)).toBe(false);
    expect((await first).exitCode).toBe(0);
    expect(ranLog(project)).toEqual(["s1", "s2", "s3", "s4", "s5"]);
  }, 60_000);
});
