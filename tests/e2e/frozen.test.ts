import { describe, expect, test } from "bun:test";
import { hasStackTrace, makeProject } from "../support/project";
import { stageEnds, stageStatuses } from "../support/run-events";
import { makeTsProject } from "../support/ts-project";

/** prepare (in.txt → a.txt) → report (a.txt → b.txt). */
const PIPELINE = `# the pipeline
stages:
  prepare:
    cmd: echo ran >> prepare-runs.log && tr a-z A-Z < in.txt > a.txt   # upper-case
    deps: [in.txt]
    outs: [a.txt]
  report:
    cmd: wc -c < a.txt > b.txt
    deps: [a.txt]
    outs: [b.txt]
`;

async function ranOnce() {
  const project = makeProject({ "pivot.yaml": PIPELINE, "in.txt": "hello\n" });
  expect((await project.pivot("repro")).exitCode).toBe(0);
  return project;
}

describe("frozen stages", () => {
  test("pivot freeze writes frozen: true (one line, comments kept); the stage never runs, even forced or named", async () => {
    const project = await ranOnce();
    const freeze = await project.pivot("freeze", "prepare");
    expect(freeze.exitCode).toBe(0);
    expect(freeze.stdout).toContain("froze prepare (pivot.yaml)");
    expect(project.read("pivot.yaml")).toBe(PIPELINE.replace("    outs: [a.txt]\n", "    outs: [a.txt]\n    frozen: true\n"));

    project.write("in.txt", "changed\n");
    for (const args of [["repro"], ["repro", "--force"], ["repro", "prepare"], ["run", "prepare"]]) {
      const run = await project.pivot(...args, "--json");
      expect(run.exitCode).toBe(0);
      expect(stageEnds(run.stdout).prepare).toMatchObject({ status: "skipped", reason: "frozen", frozen: true });
    }
    expect(project.read("prepare-runs.log")).toBe("ran\n");
    expect(project.read("a.txt")).toBe("HELLO\n");
  });

  test("status shows it frozen, and with --explain what would make it run", async () => {
    const project = await ranOnce();
    await project.pivot("freeze", "prepare");
    project.write("in.txt", "changed\n");
    const status = await project.pivot("status");
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(/❄ prepare\s+frozen \(would run if unfrozen: dep in.txt changed\)/);
    expect(status.stdout).toContain("2 stages up to date (1 frozen)");
    const json = JSON.parse((await project.pivot("status", "--json")).stdout) as { stale: boolean; stages: Array<Record<string, unknown>> };
    expect(json.stale).toBe(false);
    expect(json.stages.find((s) => s.stage === "prepare")).toMatchObject({ state: "frozen", willRun: false, frozen: true });
    expect((await project.pivot("status", "--explain")).stdout).toContain("- dep in.txt changed (");
  });

  test("a missing output is restored from the cache, never recomputed; downstream reads it", async () => {
    const project = await ranOnce();
    await project.pivot("freeze", "prepare");
    project.write("in.txt", "changed\n");
    project.remove("a.txt");
    const run = await project.pivot("repro", "--json");
    expect(run.exitCode).toBe(0);
    expect(stageStatuses(run.stdout)).toEqual({ prepare: "restored", report: "skipped" });
    expect(project.read("a.txt")).toBe("HELLO\n");
    expect(project.read("prepare-runs.log")).toBe("ran\n");
  });

  test("a missing output the cache does not hold fails the stage with the way out; its dependents do not run", async () => {
    const project = await ranOnce();
    await project.pivot("freeze", "prepare");
    project.remove("a.txt");
    project.remove(".pivot/cache");
    const run = await project.pivot("repro");
    expect(run.exitCode).toBe(1);
    expect(run.output).toContain("frozen, and its output a.txt is missing and not in the cache");
    expect(run.output).toContain("pivot pull prepare");
    expect(hasStackTrace(run.output)).toBe(false);
    expect(project.exists("a.txt")).toBe(false);
    expect(project.read("prepare-runs.log")).toBe("ran\n");
  });

  test("an edited output is kept (never clobbered) and said; downstream uses it", async () => {
    const project = await ranOnce();
    await project.pivot("freeze", "prepare");
    project.write("a.txt", "mine\n");
    const run = await project.pivot("repro");
    expect(run.exitCode).toBe(0);
    expect(run.output).toContain("kept the edited a.txt");
    expect(project.read("a.txt")).toBe("mine\n");
    expect(project.read("b.txt").trim()).toBe("5");
  });

  test("a frozen stage that never ran fails with how to run it once", async () => {
    const project = makeProject({ "pivot.yaml": PIPELINE.replace("    outs: [a.txt]\n", "    outs: [a.txt]\n    frozen: true\n"), "in.txt": "x\n" });
    const run = await project.pivot("repro");
    expect(run.exitCode).toBe(1);
    expect(run.output).toContain("frozen, but it never ran (no lock file)");
    expect(run.output).toContain("pivot unfreeze prepare");
    expect(project.exists("prepare-runs.log")).toBe(false);
  });

  test("unfreeze removes the line; an up-to-date stage then runs nothing; stale inputs run it", async () => {
    const project = await ranOnce();
    await project.pivot("freeze", "prepare");
    expect((await project.pivot("unfreeze", "prepare")).stdout).toContain("unfroze prepare");
    expect(project.read("pivot.yaml")).toBe(PIPELINE);
    expect(stageStatuses((await project.pivot("repro", "--json")).stdout)).toEqual({ prepare: "skipped", report: "skipped" });
    await project.pivot("freeze", "prepare");
    project.write("in.txt", "changed\n");
    await project.pivot("unfreeze", "prepare");
    expect(stageStatuses((await project.pivot("repro", "--json")).stdout)).toEqual({ prepare: "ran", report: "ran" });
    expect((await project.pivot("unfreeze", "prepare")).stdout).toContain("prepare is not frozen");
  });

  test("a matrix stage is frozen as a whole; one variant alone is refused", async () => {
    const project = makeProject({ "pivot.yaml": "stages:\n  train:\n    matrix:\n      size: [small, large]\n    cmd: echo ${size} > m-${size}.txt\n    outs:\n      - m-${size}.txt\n" });
    expect((await project.pivot("repro")).exitCode).toBe(0);
    const one = await project.pivot("freeze", "train@small");
    expect(one.exitCode).toBe(1);
    expect(one.output).toContain("is one variant of the matrix stage 'train'");
    expect(project.read("pivot.yaml")).not.toContain("frozen");
    expect((await project.pivot("freeze", "train")).stdout).toContain("froze train@small, train@large");
    expect(stageStatuses((await project.pivot("repro", "--force", "--json")).stdout)).toEqual({ "train@small": "skipped", "train@large": "skipped" });
  });

  test("commit records a frozen stage only when it is named", async () => {
    const project = await ranOnce();
    await project.pivot("freeze", "prepare");
    project.write("a.txt", "mine\n");
    const lockBefore = project.read(".pivot/stages/prepare.lock");
    const commit = await project.pivot("commit");
    expect(commit.stdout).toContain("frozen, not recorded");
    expect(project.read(".pivot/stages/prepare.lock")).toBe(lockBefore);
    const named = await project.pivot("commit", "prepare");
    expect(named.exitCode).toBe(0);
    expect(named.stdout).toContain("prepare committed");
    expect(stageStatuses((await project.pivot("repro", "--json")).stdout).prepare).toBe("skipped");
    expect((await project.pivot("status")).stdout).not.toContain("edited outputs kept");
  });

  test("TS stages freeze through their options; pivot freeze says where to write it", async () => {
    const pipeline = (frozen: boolean) => `import { Pipeline, loaders as l } from "@pivot/core";
export const pipeline = new Pipeline("ts");
pipeline.stage("make", {
  deps: { src: l.text("src.txt") },
  outs: { out: l.text("out.txt") },${frozen ? "\n  frozen: true," : ""}
  run({ src }) {
    return { out: src.toUpperCase() };
  },
});
`;
    const project = makeTsProject({ "pipeline.ts": pipeline(false), "src.txt": "abc" });
    expect((await project.pivot("repro")).exitCode).toBe(0);
    const freeze = await project.pivot("freeze", "make");
    expect(freeze.exitCode).toBe(1);
    expect(freeze.output).toContain("Stage 'make' is declared in pipeline.ts:3, which pivot does not edit");
    expect(freeze.output).toContain("Add `frozen: true` to the stage's options there.");
    project.write("pipeline.ts", pipeline(true));
    project.write("src.txt", "changed");
    const run = await project.pivot("repro", "--json");
    expect(run.exitCode).toBe(0);
    expect(stageEnds(run.stdout).make).toMatchObject({ status: "skipped", frozen: true });
    expect(project.read("out.txt")).toBe("ABC");
    project.remove("out.txt");
    expect(stageStatuses((await project.pivot("repro", "--json")).stdout).make).toBe("restored");
    expect(project.read("out.txt")).toBe("ABC");
  });
});
