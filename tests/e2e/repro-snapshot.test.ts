import { describe, expect, test } from "bun:test";
import { readdirSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { type TestProject, makeProject } from "../support/project";
import { makeTsProject, ranStages } from "../support/ts-project";

/** raw.txt → upper → count; data/ (a folder dep) → listing; upper reads a param. */
const PIPELINE = `stages:
  upper:
    cmd: tr a-z A-Z < raw.txt > upper.txt
    deps: [raw.txt]
    outs: [upper.txt]
    params: [upper.mode]
  count:
    cmd: wc -c < upper.txt > count.txt
    deps: [upper.txt]
    outs: [count.txt]
  listing:
    cmd: find data -type f | sort > listing.txt
    deps: [data/]
    outs: [listing.txt]
`;

const FAST_ANSWER = "No file read by the last full check of these stages has changed since";

/** The FS clock must move past the files' ctimes before a no-op may write its snapshot. */
const settle = () => Bun.sleep(30);

/** A project whose stages have all run, with a snapshot proven to answer the next `repro`. */
async function upToDateProject(): Promise<TestProject> {
  const project = makeProject({
    "pivot.yaml": PIPELINE,
    "raw.txt": "hello\n",
    "params.yaml": "upper:\n  mode: plain\n",
    "data/a.txt": "a\n",
    "data/sub/b.txt": "b\n",
  });
  expect((await project.pivot("repro")).exitCode).toBe(0);
  await settle();
  const noop = await project.pivot("repro");
  expect(noop.stderr).toContain("0 ran, 3 skipped");
  const fast = await project.pivot("repro", "-v");
  expect(fast.exitCode).toBe(0);
  expect(fast.stderr).toContain(FAST_ANSWER);
  return project;
}

/** Rewrites a file with same-size content and puts its mtime back: only ctime and content differ. */
function rewriteKeepingMtime(project: TestProject, rel: string, content: string): void {
  const before = statSync(project.path(rel));
  expect(Buffer.byteLength(content)).toBe(before.size);
  project.write(rel, content);
  utimesSync(project.path(rel), before.atime, before.mtime);
}

describe("repro answered from the up-to-date snapshot", () => {
  test("a no-op writes the snapshot; the next no-op reports every stage unchanged and is recorded in history", async () => {
    const project = await upToDateProject();
    const snapshots = readdirSync(join(project.root, ".pivot/tmp/up-to-date")).filter((f) => f.endsWith(".jsonl"));
    expect(snapshots).toHaveLength(1);
    const fast = await project.pivot("repro", "-v");
    expect(fast.stderr).toContain("· upper unchanged");
    expect(fast.stderr).toContain("0 ran, 3 skipped");
    const history = await project.pivot("history", "--json");
    const runs = JSON.parse(history.stdout) as Array<{ status: string }>;
    expect(runs.length).toBe(4);
    expect(runs.every((run) => run.status === "ok")).toBe(true);
    // A run with nothing to do leaves no run log.
    const logs = readdirSync(join(project.root, ".pivot/runs"));
    expect(logs).toHaveLength(1);
  });

  const changes: Array<[string, (p: TestProject) => void, (output: string) => void]> = [
    ["a dep rewritten with the same size and mtime", (p) => rewriteKeepingMtime(p, "raw.txt", "jello\n"), (o) => expect(o).toContain("▶ upper")],
    ["an output edited with the same size and mtime", (p) => rewriteKeepingMtime(p, "upper.txt", "XXXXX\n"), (o) => expect(o).toMatch(/[▶↺] upper/)],
    ["an output deleted", (p) => p.remove("count.txt"), (o) => expect(o).toContain("↺ count")],
    ["the command edited", (p) => p.write("pivot.yaml", PIPELINE.replace("wc -c", "wc -l")), (o) => expect(o).toContain("▶ count")],
    ["a param changed", (p) => p.write("params.yaml", "upper:\n  mode: fancy\n"), (o) => expect(o).toContain("▶ upper")],
    ["a lock file removed", (p) => p.remove(".pivot/stages/listing.lock"), (o) => expect(o).toMatch(/[▶↺] listing/)],
    ["a file added inside a folder dep", (p) => p.write("data/c.txt", "c\n"), (o) => expect(o).toContain("▶ listing")],
    ["a file added in a subfolder of a folder dep", (p) => p.write("data/sub/d.txt", "d\n"), (o) => expect(o).toContain("▶ listing")],
    ["a file removed from a folder dep", (p) => p.remove("data/sub/b.txt"), (o) => expect(o).toContain("▶ listing")],
  ];
  for (const [what, change, expectRun] of changes) {
    test(`${what}: the full check runs`, async () => {
      const project = await upToDateProject();
      change(project);
      const result = await project.pivot("repro", "-v");
      expect(result.exitCode).toBe(0);
      expect(result.stderr).not.toContain(FAST_ANSWER);
      expectRun(result.stderr);
    });
  }

  test("other targets, another folder's pipeline, PIVOT_* variables and --force are separate questions", async () => {
    const project = await upToDateProject();
    const target = await project.pivot("repro", "-v", "count");
    expect(target.stderr).not.toContain(FAST_ANSWER);
    const env = await project.pivotWith({ env: { PIVOT_CACHE_DIR: join(project.root, "other-cache") } }, "repro", "-v");
    expect(env.stderr).not.toContain(FAST_ANSWER);
    const forced = await project.pivot("repro", "--force");
    expect(forced.stderr).toContain("3 ran");

    // A pipeline file appearing in the current folder changes which pipeline `repro` means there.
    project.write("sub/keep.txt", "");
    await settle();
    expect((await project.pivotIn("sub", "repro")).stderr).toContain("0 ran, 3 skipped");
    expect((await project.pivotIn("sub", "repro", "-v")).stderr).toContain(FAST_ANSWER);
    project.write("sub/pivot.yaml", "stages:\n  local:\n    cmd: echo hi > hi.txt\n    outs: [hi.txt]\n");
    const sub = await project.pivotIn("sub", "repro");
    expect(sub.exitCode).toBe(0);
    expect(sub.stderr).toContain("▶ local");
  });

  test("--all: answered from the snapshot until a pipeline appears, changes or fails to load anywhere", async () => {
    const project = makeProject({
      "pivot.yaml": "stages:\n  base:\n    cmd: cp raw.txt base.txt\n    deps: [raw.txt]\n    outs: [base.txt]\n",
      "raw.txt": "r\n",
      "models/.pivot/": "",
      // reads the root pipeline's output: a dep outside its folder, fine with --all
      "models/pivot.yaml": "stages:\n  train:\n    cmd: cp ../base.txt model.txt\n    deps: [../base.txt]\n    outs: [model.txt]\n",
    });
    expect((await project.pivot("repro", "--all")).exitCode).toBe(0);
    await settle();
    expect((await project.pivot("repro", "--all")).stderr).toContain("0 ran, 2 skipped");
    expect((await project.pivot("repro", "--all", "-v")).stderr).toContain(FAST_ANSWER);

    project.write("deep/er/pivot.yaml", "stages:\n  extra:\n    cmd: echo x > x.txt\n    outs: [x.txt]\n");
    const added = await project.pivot("repro", "--all", "-v");
    expect(added.stderr).not.toContain(FAST_ANSWER);
    expect(added.stderr).toContain("▶ extra");

    await settle();
    await project.pivot("repro", "--all");
    expect((await project.pivot("repro", "--all", "-v")).stderr).toContain(FAST_ANSWER);
    project.write("models/pivot.yaml", "stages:\n  train:\n    cmd: cp ../base.txt model2.txt\n    deps: [../base.txt]\n    outs: [model2.txt]\n");
    expect((await project.pivot("repro", "--all")).stderr).toContain("▶ train");

    project.write("broken/pivot.yaml", "stages: [not, a, map\n");
    await settle();
    const warned = await project.pivot("repro", "--all", "-v");
    expect(warned.stderr).toContain("Skipped a pipeline that failed to load");
    expect(warned.stderr).toContain("Not keeping an up-to-date snapshot: broken/pivot.yaml was not loaded");
    expect((await project.pivot("repro", "--all", "-v")).stderr).toContain("Skipped a pipeline that failed to load");
  });

  test("a file changed while the check ran is not trusted: no snapshot is written", async () => {
    const project = makeProject({ "pivot.yaml": PIPELINE, "raw.txt": "hello\n", "params.yaml": "upper:\n  mode: plain\n", "data/a.txt": "a\n" });
    expect((await project.pivot("repro")).exitCode).toBe(0);
    // No settling: the outputs' ctimes are as new as the file system clock of the next run.
    project.write("data/a.txt", "A\n");
    await project.pivot("repro");
    project.write("raw.txt", "hello\n");
    const next = await project.pivot("repro", "-v");
    // Whatever was written, the answer must be a full check: raw.txt changed after the last one.
    expect(next.stderr).not.toContain(FAST_ANSWER);
  });

  test("TypeScript pipelines are always checked in full", async () => {
    const project = makeTsProject({
      "pipeline.ts": `import { Pipeline, loaders as l } from "@pivot/core";
export const pipeline = new Pipeline("p");
pipeline.stage("hi", { outs: { out: l.text("hi.txt") }, run: () => ({ out: "hi" }) });
`,
    });
    const first = await project.pivot("repro");
    expect(first.exitCode).toBe(0);
    await settle();
    await project.pivot("repro");
    const third = await project.pivot("repro", "-v");
    expect(third.stderr).toContain("0 ran, 1 skipped");
    expect(third.stderr).not.toContain(FAST_ANSWER);
    expect(third.stderr).toContain("Not keeping an up-to-date snapshot: pipeline.ts is not cached by file");
    expect(ranStages(first.stderr)).toEqual(["hi"]);
  });
});

describe("repro when the snapshot no longer holds: what it still vouches for is not checked again", () => {
  const VOUCHED = /still vouches for (\d+) stages?; checking the rest/;
  /** What a run did, stage by stage, without timings. */
  const outcome = (stderr: string) =>
    stderr
      .split("\n")
      .filter((line) => /^[▶↺·✔✖] /.test(line))
      .map((line) => line.replace(/ \d+(ms|s)\b/g, "").replace(/ in [\d.]+m?s$/, ""))
      .sort();
  const results = (p: TestProject) => ["upper.txt", "count.txt", "listing.txt", ...["upper", "count", "listing"].map((s) => `.pivot/stages/${s}.lock`)].map((f) => (p.exists(f) ? p.read(f) : "-"));

  const cases: Array<[string, (p: TestProject) => void, number | undefined]> = [
    ["a dep of the first stage rewritten", (p) => p.write("raw.txt", "changed\n"), 2],
    ["a dep rewritten with the same size and mtime", (p) => rewriteKeepingMtime(p, "raw.txt", "jello\n"), 2],
    ["a file added inside a folder dep", (p) => p.write("data/c.txt", "c\n"), 2],
    ["a param changed", (p) => p.write("params.yaml", "upper:\n  mode: fancy\n"), 2],
    ["an output deleted", (p) => p.remove("count.txt"), 2],
    ["an output edited (also the dep of the stage reading it)", (p) => p.write("upper.txt", "EDITED BY HAND\n"), 1],
    ["a lock file removed", (p) => p.remove(".pivot/stages/listing.lock"), 2],
    ["the pipeline file edited (every stage is checked)", (p) => p.write("pivot.yaml", PIPELINE.replace("wc -c", "wc -l")), undefined],
  ];
  for (const [what, change, vouched] of cases) {
    test(`${what}: the same run as after a full check`, async () => {
      const [partial, full] = [await upToDateProject(), await upToDateProject()];
      change(partial);
      change(full);
      full.remove(".pivot/tmp/up-to-date");
      const partialRun = await partial.pivot("repro", "-v", "--jobs", "1");
      const fullRun = await full.pivot("repro", "-v", "--jobs", "1");
      const count = partialRun.stderr.match(VOUCHED)?.[1];
      expect(count === undefined ? undefined : Number(count)).toBe(vouched);
      expect(fullRun.stderr).not.toMatch(VOUCHED);
      expect({ code: partialRun.exitCode, stages: outcome(partialRun.stderr) }).toEqual({ code: fullRun.exitCode, stages: outcome(fullRun.stderr) });
      expect(results(partial)).toEqual(results(full));
    });
  }

  test("the snapshot stays the reference while runs change files, and is replaced by the first run with nothing to do", async () => {
    const project = await upToDateProject();
    project.write("raw.txt", "changed\n");
    const first = await project.pivot("repro", "-v");
    expect(first.stderr).toMatch(VOUCHED);
    expect(ranStages(first.stderr)).toEqual(["count", "upper"]);
    // Another edit: the stages that ran last time are checked (their files changed) but do not run again.
    project.write("data/c.txt", "c\n");
    const second = await project.pivot("repro", "-v");
    expect(second.stderr).toMatch(VOUCHED);
    expect(ranStages(second.stderr)).toEqual(["listing"]);
    expect(second.stderr).toContain("· upper unchanged");
    await settle();
    const noop = await project.pivot("repro", "-v");
    expect(noop.stderr).toContain("0 ran, 3 skipped");
    expect(noop.stderr).not.toContain(FAST_ANSWER);
    const fast = await project.pivot("repro", "-v");
    expect(fast.stderr).toContain(FAST_ANSWER);
  });

  test("a stage that failed is run again by the next repro; what is downstream of it is not vouched for", async () => {
    const project = await upToDateProject();
    project.write("pivot.yaml", PIPELINE.replace("wc -c < upper.txt", "test ! -e fail.flag && wc -c < upper.txt"));
    await project.pivot("repro");
    await settle();
    await project.pivot("repro");
    expect((await project.pivot("repro", "-v")).stderr).toContain(FAST_ANSWER);
    project.write("fail.flag", "");
    project.write("raw.txt", "changed\n");
    const failed = await project.pivot("repro", "-v");
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toMatch(VOUCHED);
    project.remove("fail.flag");
    const again = await project.pivot("repro", "-v");
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toMatch(VOUCHED);
    expect(ranStages(again.stderr)).toEqual(["count"]);
    expect(project.read("count.txt").trim()).toBe("8");
  });
});
