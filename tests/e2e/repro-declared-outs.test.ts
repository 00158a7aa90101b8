import { describe, expect, test } from "bun:test";
import { makeProject, type TestProject } from "../support/project";
import { objectFile } from "../support/outputs-project";
import { stageEnds } from "../support/run-events";

/** The outputs a stage's lock file records. */
function lockedOuts(project: TestProject, stage: string): Array<{ path: string; hash: string; cache: boolean }> {
  return (Bun.YAML.parse(project.read(`.pivot/stages/${stage}.lock`)) as { outs: Array<{ path: string; hash: string; cache: boolean }> }).outs;
}

/** How often a stage's command really ran (each run appends a line to ran.log). */
function runCount(project: TestProject): number {
  return project.exists("ran.log") ? project.read("ran.log").trim().split("\n").length : 0;
}

describe("changing a stage's declared outs", () => {
  const withCacheFlag = (cache: boolean) =>
    `stages:\n  train:\n    cmd: echo model > model.txt && echo train >> ran.log\n    outs: [{path: model.txt, cache: ${cache}}]\n`;

  /** Rewrites the flag; `status` must call the stage stale because its outs changed; then `repro`. */
  async function flipCacheFlag(project: TestProject, cache: boolean) {
    project.write("pivot.yaml", withCacheFlag(cache));
    const status = JSON.parse((await project.pivot("status", "--json")).stdout);
    expect(status.stale).toBe(true);
    expect(status.stages[0].reasons.map((r: { kind: string }) => r.kind)).toEqual(["out-cache-changed"]);
    expect((await project.pivot("status")).stdout).toContain(`out model.txt: cache ${!cache} → ${cache}`);
    const train = stageEnds((await project.pivot("repro", "--json")).stdout).train!;
    expect(train.reason).toStartWith(`out model.txt: cache ${!cache} → ${cache}`);
    expect(lockedOuts(project, "train")).toEqual([expect.objectContaining({ path: "model.txt", cache })]);
    expect(JSON.parse((await project.pivot("status", "--json")).stdout).stale).toBe(false);
    return train;
  }

  test("flipping an output's cache flag makes the stage stale, and repro records the new flag; and back", async () => {
    const project = makeProject({ "pivot.yaml": withCacheFlag(true) });
    expect((await project.pivot("repro")).exitCode).toBe(0);

    expect((await flipCacheFlag(project, false)).status).toBe("ran"); // an uncached output never comes from the run cache
    expect(runCount(project)).toBe(2);

    // Back: these inputs ran with a cached model.txt before, so the run cache may answer.
    expect((await flipCacheFlag(project, true)).status).toBeOneOf(["ran", "restored"]);
    expect(project.exists(objectFile(lockedOuts(project, "train")[0]!.hash))).toBe(true);
    expect(project.read("model.txt")).toBe("model\n");
  });

  const withOuts = (outs: string) => `stages:\n  make:\n    cmd: echo a > a.txt && echo b > b.txt && echo make >> ran.log\n    outs: [${outs}]\n`;

  async function reproWithOuts(project: TestProject, outs: string) {
    project.write("pivot.yaml", withOuts(outs));
    const repro = await project.pivot("repro", "--json");
    expect(repro.exitCode).toBe(0);
    return stageEnds(repro.stdout).make!;
  }

  test("the run cache never answers for a set of outs that did not run with these inputs", async () => {
    const project = makeProject({ "pivot.yaml": withOuts("a.txt") });
    expect((await project.pivot("repro")).exitCode).toBe(0);

    expect((await reproWithOuts(project, "a.txt, b.txt")).status).toBe("ran");
    expect(lockedOuts(project, "make").map((o) => o.path)).toEqual(["a.txt", "b.txt"]);

    // The last run's entry holds b.txt, but [b.txt] alone never ran with these inputs.
    expect((await reproWithOuts(project, "b.txt")).status).toBe("ran");
    expect(lockedOuts(project, "make").map((o) => o.path)).toEqual(["b.txt"]);
    expect(runCount(project)).toBe(3);

    // Back to a set that ran before with these inputs: it may come from the run cache, but exactly that set.
    expect((await reproWithOuts(project, "a.txt")).status).toBeOneOf(["ran", "restored"]);
    expect(lockedOuts(project, "make").map((o) => o.path)).toEqual(["a.txt"]);
    expect(project.read("a.txt")).toBe("a\n");
  });
});
