import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { hostname, tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { type TestProject, hasStackTrace } from "../support/project";
import { cachedObjects, cloneProject, makeRemoteProject } from "../support/remote-fixtures";
import { stageEnds, stageStatuses } from "../support/run-events";
import { type TestS3Server, startS3Server } from "../support/s3-server";

function remoteDir(): string {
  return mkdtempSync(join(tmpdir(), "pivot-remote-"));
}

async function ranAndPushed(remote: string, run: (p: TestProject, ...a: string[]) => ReturnType<TestProject["pivot"]>) {
  const project = makeRemoteProject(remote);
  expect((await run(project, "repro")).exitCode).toBe(0);
  expect((await run(project, "push")).exitCode).toBe(0);
  return project;
}

const local = (project: TestProject, ...args: string[]) => project.pivot(...args);

describe("repro --pull (folder remote)", () => {
  test("a fresh clone restores every output from the remote instead of running anything", async () => {
    const source = await ranAndPushed(remoteDir(), local);
    const clone = cloneProject(source);
    const run = await clone.pivot("repro", "--pull", "--json");
    expect(run.exitCode).toBe(0);
    expect(stageStatuses(run.stdout)).toEqual({ gen: "restored", upper: "restored", scale: "restored" });
    expect(stageEnds(run.stdout).upper!.reason).toBe("restored two.txt pulled from origin");
    expect(clone.exists("ran.log")).toBe(false);
    expect(clone.read("two.txt")).toBe("ONE\n");
    expect(readFileSync(clone.path("data/sub/b.bin")).equals(readFileSync(source.path("data/sub/b.bin")))).toBe(true);
    expect(cachedObjects(clone)).toEqual(cachedObjects(source));
    const text = await clone.pivot("repro");
    expect(text.exitCode).toBe(0);
    expect(text.output).toContain("0 ran, 3 skipped");
  });

  test("without --pull the same clone recomputes", async () => {
    const clone = cloneProject(await ranAndPushed(remoteDir(), local));
    const run = await clone.pivot("repro", "--json");
    expect(stageStatuses(run.stdout)).toEqual({ gen: "ran", upper: "ran", scale: "ran" });
  });

  test("inputs that ran elsewhere are answered from the remote's run cache", async () => {
    const remote = remoteDir();
    const source = await ranAndPushed(remote, local);
    const clone = cloneProject(source);
    // Machine one runs new inputs and pushes; machine two has the old lock files and the new input.
    source.write("input.txt", "xyx\n");
    expect((await source.pivot("repro")).exitCode).toBe(0);
    expect((await source.pivot("push")).exitCode).toBe(0);
    clone.write("input.txt", "xyx\n");
    const run = await clone.pivot("repro", "--pull", "--json", "scale");
    expect(run.exitCode).toBe(0);
    const { user, host } = { user: userInfo().username, host: hostname() };
    expect(stageEnds(run.stdout).scale!.status).toBe("restored");
    // Provenance: who made the entry, at which commit (none: the test project is no git repo), how long ago.
    expect(stageEnds(run.stdout).scale!.reason).toMatch(new RegExp(`^dep input\\.txt changed; restored from run cache \\(made by ${user}@${host}, \\d+(ms|s) ago \\(pivot \\d+\\.\\d+\\.\\d+\\); pulled from origin\\)$`));
    expect(clone.read("scaled.txt")).toBe("xxyxx\n");
    expect(clone.exists("ran.log")).toBe(false);
    const summary = await clone.pivot("repro", "--pull", "scale");
    expect(summary.output).not.toContain("--pull: fetched");
  });

  test("what the remote lacks is recomputed, and the run says so", async () => {
    const remote = remoteDir();
    const source = await ranAndPushed(remote, local);
    const clone = cloneProject(source);
    const { rmSync } = await import("node:fs");
    const hash = /hash: "([0-9a-f]{32})"/.exec(clone.read(".pivot/stages/upper.lock").slice(clone.read(".pivot/stages/upper.lock").indexOf("outs:")))![1]!;
    rmSync(join(remote, "files", hash.slice(0, 2), hash.slice(2)));
    const run = await clone.pivot("repro", "--pull");
    expect(run.exitCode).toBe(0);
    expect(run.output).toMatch(/✔ upper \d+ms/);
    expect(run.output).toContain("--pull: 1 output was not on origin or damaged there; their stages ran instead");
    expect(clone.read("ran.log")).toBe("upper\n");
    expect(hasStackTrace(run.output)).toBe(false);
  });

  test("a frozen stage's missing output is pulled, never recomputed", async () => {
    const source = await ranAndPushed(remoteDir(), local);
    source.write("pivot.yaml", source.read("pivot.yaml").replace("    outs: [two.txt]\n", "    outs: [two.txt]\n    frozen: true\n"));
    const clone = cloneProject(source);
    clone.write("one.txt", "one\n");
    const without = await clone.pivot("repro", "upper");
    expect(without.exitCode).toBe(1);
    expect(without.output).toContain("pivot pull upper");
    const run = await clone.pivot("repro", "--pull", "--json", "upper");
    expect(run.exitCode).toBe(0);
    expect(stageEnds(run.stdout).upper).toMatchObject({ status: "restored", frozen: true });
    expect(clone.read("two.txt")).toBe("ONE\n");
  });

  test("tracked data a stage reads is pulled first", async () => {
    const remote = remoteDir();
    const source = makeRemoteProject(remote);
    source.write("pivot.yaml", "stages:\n  count:\n    cmd: wc -c < raw.txt > count.txt\n    deps: [raw.txt]\n    outs: [count.txt]\n");
    source.write("raw.txt", "twelve bytes");
    expect((await source.pivot("track", "raw.txt")).exitCode).toBe(0);
    expect((await source.pivot("repro")).exitCode).toBe(0);
    expect((await source.pivot("push")).exitCode).toBe(0);
    const clone = cloneProject(source);
    clone.write("raw.txt.pvt", source.read("raw.txt.pvt"));
    const run = await clone.pivot("repro", "--pull", "--json");
    expect(run.exitCode).toBe(0);
    expect(clone.read("raw.txt")).toBe("twelve bytes");
    expect(stageStatuses(run.stdout)).toEqual({ count: "restored" });
  });

  test("--pull does not mix with --dry-run or --watch", async () => {
    const clone = cloneProject(await ranAndPushed(remoteDir(), local));
    const dry = await clone.pivot("repro", "--pull", "--dry-run");
    expect(dry.exitCode).toBe(2);
    expect(dry.output).toContain("use --dry-run --allow-missing");
    expect((await clone.pivot("repro", "--pull", "--watch")).exitCode).toBe(2);
  });
});

describe("repro --pull (S3 remote, s3rver)", () => {
  let server: TestS3Server;
  beforeAll(async () => {
    server = await startS3Server();
  });
  afterAll(async () => {
    await server.dispose();
  });
  const s3 = (project: TestProject, ...args: string[]) => project.pivotWith({ env: { ...server.env, PIVOT_REMOTE_BACKOFF_MS: "20" } }, ...args);

  test("outputs and run-cache records come from S3", async () => {
    const source = await ranAndPushed(`s3://${server.bucket}/pull-${process.pid}`, s3);
    const clone = cloneProject(source);
    const run = await s3(clone, "repro", "--pull", "--json");
    expect(run.exitCode).toBe(0);
    expect(stageStatuses(run.stdout)).toEqual({ gen: "restored", upper: "restored", scale: "restored" });
    source.write("input.txt", "xx\n");
    expect((await s3(source, "repro")).exitCode).toBe(0);
    expect((await s3(source, "push")).exitCode).toBe(0);
    clone.write("input.txt", "xx\n");
    const again = await s3(clone, "repro", "--pull", "--json");
    expect(stageEnds(again.stdout).scale!.reason).toContain("pulled from origin");
    expect(clone.read("scaled.txt")).toBe("xxxx\n");
    expect(clone.exists("ran.log")).toBe(false);
  });
});
