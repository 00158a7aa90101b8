import { describe, expect, test } from "bun:test";
import { makeProject } from "../support/project";
import { runEvents, stageStatuses } from "../support/run-events";

/** raw → clean → {train, report}; side is independent; train → evaluate. */
const PIPELINE = `stages:
  clean:
    cmd: tr a-z A-Z < raw.txt > clean.txt
    deps: [raw.txt]
    outs: [clean.txt]
  train:
    cmd: cat clean.txt clean.txt > model.txt
    deps: [clean.txt]
    outs: [model.txt]
  evaluate:
    cmd: wc -c < model.txt > score.txt
    deps: [model.txt]
    outs: [score.txt]
  report:
    cmd: head -c 3 clean.txt > report.txt
    deps: [clean.txt]
    outs: [report.txt]
  side:
    cmd: echo side > side.txt
    outs: [side.txt]
`;

function newProject() {
  return makeProject({ "pivot.yaml": PIPELINE, "raw.txt": "abc\n" });
}

describe("repro --downstream", () => {
  test("runs the target and everything reading its outputs, in topological order, not its upstream", async () => {
    const project = newProject();
    expect((await project.pivot("repro")).exitCode).toBe(0);
    project.write("raw.txt", "changed\n");
    const run = await project.pivot("repro", "--downstream", "train", "--force", "--json");
    expect(run.exitCode).toBe(0);
    const started = runEvents(run.stdout).filter((e) => e.type === "stage-start").map((e) => e.stage);
    expect(started).toEqual(["train", "evaluate"]);
    expect(Object.keys(stageStatuses(run.stdout)).sort()).toEqual(["evaluate", "train"]);
    // clean (upstream, stale) was left alone.
    expect(project.read("clean.txt")).toBe("ABC\n");
  });

  test("without --force only the stale stages of the downstream set run", async () => {
    const project = newProject();
    expect((await project.pivot("repro")).exitCode).toBe(0);
    project.write("raw.txt", "changed\n");
    const run = await project.pivot("repro", "--downstream", "clean", "--json");
    expect(stageStatuses(run.stdout)).toEqual({ clean: "ran", train: "ran", evaluate: "ran", report: "ran" });
    const again = await project.pivot("repro", "--downstream", "clean", "--json");
    expect(stageStatuses(again.stdout)).toEqual({ clean: "skipped", train: "skipped", evaluate: "skipped", report: "skipped" });
  });

  test("--dry-run lists the downstream set and why, changing nothing", async () => {
    const project = newProject();
    expect((await project.pivot("repro")).exitCode).toBe(0);
    project.write("raw.txt", "changed\n");
    const dry = await project.pivot("repro", "--downstream", "clean", "--dry-run", "--json");
    const report = JSON.parse(dry.stdout) as { stages: Array<{ stage: string; willRun: boolean }> };
    expect(report.stages.map((s) => [s.stage, s.willRun])).toEqual([["clean", true], ["train", true], ["evaluate", true], ["report", true]]);
    expect(project.read("clean.txt")).toBe("ABC\n");
  });

  test("with --all, downstream crosses pipelines", async () => {
    const project = makeProject({
      "pivot.yaml": "stages:\n  base:\n    cmd: cp raw.txt base.txt\n    deps: [raw.txt]\n    outs: [base.txt]\n  other:\n    cmd: echo o > other.txt\n    outs: [other.txt]\n",
      "raw.txt": "r\n",
      "sub/pivot.yaml": "stages:\n  use:\n    cmd: cp ../base.txt used.txt\n    deps: [//base.txt]\n    outs: [used.txt]\n",
    });
    expect((await project.pivot("repro", "--all")).exitCode).toBe(0);
    const run = await project.pivot("repro", "--all", "--downstream", "base", "--force", "--json");
    expect(run.exitCode).toBe(0);
    expect(Object.keys(stageStatuses(run.stdout)).sort()).toEqual(["base", "use"]);
  });

  test("does not mix with --watch", async () => {
    const project = newProject();
    const run = await project.pivot("repro", "--downstream", "clean", "--watch");
    expect(run.exitCode).toBe(2);
    expect(run.output).toContain("does not mix with --downstream");
  });
});
