import { describe, expect, test } from "bun:test";
import { makeProject } from "../support/project";
import { stageEnds, stageStatuses } from "../support/run-events";

/** `fetch` reads source.txt without declaring it: the outside world, as a download would. */
const PIPELINE = `stages:
  fetch:
    cmd: echo run >> fetch-runs.log && cat source.txt > fetched.txt
    outs: [fetched.txt]
    always_changed: true
  use:
    cmd: tr a-z A-Z < fetched.txt > used.txt
    deps: [fetched.txt]
    outs: [used.txt]
`;

describe("always_changed", () => {
  test("the stage runs every time and is never answered from the run cache", async () => {
    const project = makeProject({ "pivot.yaml": PIPELINE, "source.txt": "one\n" });
    expect((await project.pivot("repro", "--json")).exitCode).toBe(0);

    // Same declared inputs as the first run (the run cache holds them), different outside world.
    project.write("source.txt", "two\n");
    const second = await project.pivot("repro", "--json");
    expect(second.exitCode).toBe(0);
    const fetch = stageEnds(second.stdout).fetch!;
    expect(fetch.status).toBe("ran");
    expect(fetch.reason).toBe("always_changed is set");
    expect(project.read("fetched.txt")).toBe("two\n");
    expect(project.read("used.txt")).toBe("TWO\n");

    // Back to the first content: still a real run, never the cached outputs of run one.
    project.write("source.txt", "one\n");
    project.remove("fetched.txt");
    expect(stageStatuses((await project.pivot("repro", "--json")).stdout).fetch).toBe("ran");
    expect(project.read("fetch-runs.log")).toBe("run\nrun\nrun\n");
  });

  test("downstream runs only when the always-changed output's content changed", async () => {
    const project = makeProject({ "pivot.yaml": PIPELINE, "source.txt": "one\n" });
    expect((await project.pivot("repro")).exitCode).toBe(0);
    const again = await project.pivot("repro", "--json");
    expect(stageStatuses(again.stdout)).toEqual({ fetch: "ran", use: "skipped" });
  });
});
