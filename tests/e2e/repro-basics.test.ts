import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { hasStackTrace, makeProject } from "../support/project";
import { ranStages, runEvents as events, stageEnds, stageStatuses } from "../support/run-events";

/** raw.txt → upper (upper.txt) → count (count.txt); side (side.txt) independent. */
const PIPELINE = `stages:
  upper:
    cmd: tr a-z A-Z < raw.txt > upper.txt
    deps: [raw.txt]
    outs: [upper.txt]
  count:
    cmd: wc -c < upper.txt > count.txt
    deps: [upper.txt]
    outs: [count.txt]
  side:
    cmd: echo "factor \${factor}" > side.txt
    deps: [side-input.txt]
    outs: [side.txt]
    params: [side.factor]
vars: [{factor: 2}]
`;

function newProject() {
  return makeProject({
    "pivot.yaml": PIPELINE,
    "raw.txt": "hello\n",
    "side-input.txt": "x\n",
    "params.yaml": "side:\n  factor: 2\n",
  });
}

function statusOf(stdout: string, stage: string): string | undefined {
  return stageStatuses(stdout)[stage];
}

describe("pivot repro", () => {
  test("first run runs everything; a second run runs nothing", async () => {
    const project = newProject();
    const first = await project.pivot("repro", "--json");
    expect(first.exitCode).toBe(0);
    expect(ranStages(first.stdout)).toEqual(["count", "side", "upper"]);
    expect(project.read("upper.txt")).toBe("HELLO\n");
    expect(project.read("count.txt").trim()).toBe("6");

    const second = await project.pivot("repro", "--json");
    expect(second.exitCode).toBe(0);
    expect(ranStages(second.stdout)).toEqual([]);
    expect(events(second.stdout).filter((e) => e.status === "skipped")).toHaveLength(3);
  });

  test("the console view shows each stage and a summary line", async () => {
    const project = newProject();
    const result = await project.pivot("repro");
    expect(result.stderr).toContain("▶ upper never ran");
    expect(result.stderr).toMatch(/✔ upper \d+ms/);
    expect(result.stderr).toMatch(/3 ran, 0 skipped in \d/);
  });

  test("a dep edit re-runs exactly the stages downstream of it", async () => {
    const project = newProject();
    await project.pivot("repro");
    project.write("raw.txt", "hello world\n");
    const result = await project.pivot("repro", "--json");
    expect(ranStages(result.stdout)).toEqual(["count", "upper"]);
    expect(statusOf(result.stdout, "side")).toBe("skipped");
    expect(project.read("count.txt").trim()).toBe("12");
  });

  test("an upstream re-run with identical output does not re-run its dependents", async () => {
    const project = newProject();
    await project.pivot("repro");
    project.write("raw.txt", "HELLO\n"); // upper.txt stays "HELLO\n"
    const result = await project.pivot("repro", "--json");
    expect(ranStages(result.stdout)).toEqual(["upper"]);
    expect(statusOf(result.stdout, "count")).toBe("skipped");
  });

  test("a params edit re-runs the stage and explain shows old → new", async () => {
    const project = newProject();
    await project.pivot("repro");
    project.write("params.yaml", "side:\n  factor: 3\n");
    const explain = await project.pivot("status", "--explain");
    expect(explain.stdout).toContain("param side.factor (params.yaml) changed: 2 → 3");
    const result = await project.pivot("repro", "--json");
    expect(ranStages(result.stdout)).toEqual(["side"]);
  });

  test("a cmd edit re-runs the stage", async () => {
    const project = newProject();
    await project.pivot("repro");
    project.write("pivot.yaml", PIPELINE.replace("wc -c < upper.txt", "wc -c <upper.txt"));
    const status = await project.pivot("status");
    expect(status.stdout).toContain("count");
    expect(status.stdout).toContain("cmd changed");
    const result = await project.pivot("repro", "--json");
    expect(ranStages(result.stdout)).toEqual(["count"]);
  });

  test("a deleted output is restored from the cache without running", async () => {
    const project = newProject();
    await project.pivot("repro");
    project.remove("upper.txt");
    const status = await project.pivot("status");
    expect(status.stdout).toContain("restored from the cache: upper.txt");
    const result = await project.pivot("repro", "--json");
    expect(ranStages(result.stdout)).toEqual([]);
    expect(statusOf(result.stdout, "upper")).toBe("restored");
    expect(project.read("upper.txt")).toBe("HELLO\n");
  });

  /** upper (cached output) and reversed (uncached) both feed joined. */
  const EDITED_OUTPUTS = `stages:
  upper:
    cmd: tr a-z A-Z < raw.txt > upper.txt
    deps: [raw.txt]
    outs: [upper.txt]
  reversed:
    cmd: rev raw.txt > reversed.txt && echo reversed >> ran.log
    deps: [raw.txt]
    outs: [{path: reversed.txt, cache: false}]
  joined:
    cmd: cat upper.txt reversed.txt > joined.txt
    deps: [upper.txt, reversed.txt]
    outs: [joined.txt]
`;

  test.each([
    ["different content", { "upper.txt": "edited by hand\n", "reversed.txt": "edited by hand\n" }],
    ["the same size", { "upper.txt": "HELLX\n", "reversed.txt": "ollex\n" }],
  ])("an output edited by hand (%s) is brought back to what its command produces, and dependents see that", async (_kind, edits) => {
    const project = makeProject({ "pivot.yaml": EDITED_OUTPUTS, "raw.txt": "hello\n" });
    expect((await project.pivot("repro")).exitCode).toBe(0);
    for (const [path, content] of Object.entries(edits)) project.write(path, content);

    const result = await project.pivot("repro", "--json");
    expect(result.exitCode).toBe(0);
    const ends = stageEnds(result.stdout);
    // A cached output may come back from the run cache (these inputs ran); an uncached one only by running.
    expect(ends.upper!.status).toBeOneOf(["ran", "restored"]);
    expect(ends.upper!.reason).toContain("out upper.txt was modified");
    expect(ends.reversed!.status).toBe("ran");
    expect(ends.reversed!.reason).toContain("out reversed.txt was modified");
    expect(project.read("ran.log")).toBe("reversed\nreversed\n");
    expect(project.read("upper.txt")).toBe("HELLO\n");
    expect(project.read("reversed.txt")).toBe("olleh\n");
    // joined's deps are back to what it last ran on: it need not run, and holds the commands' output.
    expect(ends.joined!.status).toBe("skipped");
    expect(project.read("joined.txt")).toBe("HELLO\nolleh\n");
  });

  test("reverting a change restores the earlier outputs from the run cache", async () => {
    const project = newProject();
    await project.pivot("repro");
    project.write("raw.txt", "changed\n");
    await project.pivot("repro");
    project.write("raw.txt", "hello\n");
    const result = await project.pivot("repro", "--json");
    expect(ranStages(result.stdout)).toEqual([]);
    expect(statusOf(result.stdout, "upper")).toBe("restored");
    expect(project.read("count.txt").trim()).toBe("6");
  });

  test("lock files live in <stateDir>/stages/ with quoted hashes and project-relative paths", async () => {
    const project = newProject();
    await project.pivot("repro");
    const lock = project.read(".pivot/stages/upper.lock");
    expect(lock).toContain('hash_algorithm: "xxh3-128"');
    expect(lock).toMatch(/path: "raw.txt"\n\s+hash: "[0-9a-f]{32}"/);
    expect(lock).toContain('path: "upper.txt"');
    expect(project.exists(".pivot/stages/count.lock")).toBe(true);
    expect(project.exists(".pivot/state.db")).toBe(true);
  });

  test("the second run reads no unchanged file again (state DB hash cache)", async () => {
    const project = newProject();
    const first = await project.pivot("repro", "--json");
    const firstEnd = events(first.stdout).find((e) => e.type === "run-end")!;
    expect(firstEnd.hashedFiles as number).toBeGreaterThan(0);
    const second = await project.pivot("repro", "--json");
    expect(events(second.stdout).find((e) => e.type === "run-end")!.hashedFiles).toBe(0);
    const status = JSON.parse((await project.pivot("status", "--json")).stdout);
    expect(status.hashedFiles).toBe(0);
    expect(status.stale).toBe(false);
  });

  test("--dry-run and --explain report and change nothing", async () => {
    const project = newProject();
    const dry = await project.pivot("repro", "--dry-run");
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain("upper");
    expect(dry.stdout).toContain("never ran");
    const explain = await project.pivot("repro", "--explain", "--json");
    const report = JSON.parse(explain.stdout);
    expect(report.stages.map((s: { stage: string }) => s.stage)).toEqual(["upper", "count", "side"]);
    expect(project.exists("upper.txt")).toBe(false);
    expect(project.exists(".pivot/stages/upper.lock")).toBe(false);
  });

  test("status -q exits 1 when something is stale and 0 when not", async () => {
    const project = newProject();
    const stale = await project.pivot("-q", "status");
    expect(stale.exitCode).toBe(1);
    expect(stale.stdout).toBe("");
    await project.pivot("repro");
    expect((await project.pivot("-q", "status")).exitCode).toBe(0);
  });

  test("run executes only the named stage", async () => {
    const project = newProject();
    await project.pivot("repro");
    project.write("raw.txt", "other\n");
    const result = await project.pivot("run", "count", "--json");
    expect(ranStages(result.stdout)).toEqual([]);
    const forced = await project.pivot("run", "upper", "--json");
    expect(ranStages(forced.stdout)).toEqual(["upper"]);
  });

  test("--force runs the selected stages even when unchanged", async () => {
    const project = newProject();
    await project.pivot("repro");
    const result = await project.pivot("repro", "side", "--force", "--json");
    expect(ranStages(result.stdout)).toEqual(["side"]);
  });

  test("history lists runs and shows one run's stages", async () => {
    const project = newProject();
    await project.pivot("repro");
    const list = JSON.parse((await project.pivot("history", "--json")).stdout);
    expect(list).toHaveLength(1);
    expect(list[0].status).toBe("ok");
    const show = await project.pivot("history", "show", list[0].id);
    expect(show.stdout).toContain("upper");
    expect(existsSync(join(project.root, ".pivot", "runs", `${list[0].id}.log`))).toBe(true);
  });
});

describe("failures", () => {
  const FAILING = `stages:
  bad:
    cmd: echo about to fail >&2; exit 3
    outs: [bad.txt]
  after:
    cmd: cp bad.txt after.txt
    deps: [bad.txt]
    outs: [after.txt]
  other:
    cmd: echo ok > other.txt
    outs: [other.txt]
`;

  test("a failing stage exits non-zero, shows its output and blocks its dependents", async () => {
    const project = makeProject({ "pivot.yaml": FAILING });
    const result = await project.pivot("repro", "--keep-going");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("bad command exited with code 3");
    expect(result.stderr).toContain("about to fail");
    expect(result.stderr).toContain("after not run: upstream bad failed");
    expect(project.read("other.txt")).toBe("ok\n");
    expect(project.exists(".pivot/stages/bad.lock")).toBe(false);
    expect(hasStackTrace(result.output)).toBe(false);
  });

  test("fail-fast by default: no new stage starts after a failure", async () => {
    const project = makeProject({ "pivot.yaml": FAILING });
    const result = await project.pivot("repro", "--jobs", "1", "--json");
    expect(result.exitCode).toBe(1);
    expect(statusOf(result.stdout, "bad")).toBe("failed");
    expect(statusOf(result.stdout, "other")).toBe("cancelled");
    expect(project.exists("other.txt")).toBe(false);
  });

  test("an output the command did not produce fails the stage naming it", async () => {
    const project = makeProject({ "pivot.yaml": "stages:\n  lazy:\n    cmd: echo nothing\n    outs: [promised.txt]\n" });
    const result = await project.pivot("repro");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("Stage 'lazy' did not produce its output promised.txt");
  });

  test("a command that does not exist is reported as not found", async () => {
    const project = makeProject({ "pivot.yaml": "stages:\n  typo:\n    cmd: pyhton3 train.py\n    outs: [m.txt]\n" });
    const result = await project.pivot("repro");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("command not found");
    expect(result.stderr).toContain("pyhton3");
  });

  test("--jobs runs independent stages at the same time", async () => {
    // Each stage waits for the other to have started: only concurrent execution succeeds.
    const waitFor = (mine: string, theirs: string) =>
      `touch ${mine}.started; for i in $(seq 100); do [ -f ${theirs}.started ] && break; sleep 0.05; done; [ -f ${theirs}.started ] && echo ok > ${mine}.txt`;
    const project = makeProject({
      "pivot.yaml": `stages:\n  a:\n    cmd: ${waitFor("a", "b")}\n    outs: [a.txt]\n  b:\n    cmd: ${waitFor("b", "a")}\n    outs: [b.txt]\n`,
    });
    const result = await project.pivot("repro", "--jobs", "2");
    expect(result.exitCode).toBe(0);
    expect(project.read("a.txt")).toBe("ok\n");
    expect(project.read("b.txt")).toBe("ok\n");
  });

  test("stages sharing a mutex group never overlap", async () => {
    const stage = (name: string) =>
      `  ${name}:\n    cmd: if [ -f busy ]; then echo overlap > ${name}.txt; else touch busy; sleep 0.3; rm busy; echo alone > ${name}.txt; fi\n    outs: [${name}.txt]\n    mutex: [gpu]\n`;
    const project = makeProject({ "pivot.yaml": `stages:\n${stage("a")}${stage("b")}` });
    const result = await project.pivot("repro", "--jobs", "2");
    expect(result.exitCode).toBe(0);
    expect(project.read("a.txt")).toBe("alone\n");
    expect(project.read("b.txt")).toBe("alone\n");
  });
});
