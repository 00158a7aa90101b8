import { describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasStackTrace, makeProject } from "../support/project";
import { objectFile } from "../support/outputs-project";
import { cachedObjects, cloneProject, lockedHashes, makeRemoteProject, objectsIn } from "../support/remote-fixtures";
import { ranStages, stageStatuses } from "../support/run-events";

function remoteDir(): string {
  return mkdtempSync(join(tmpdir(), "pivot-remote-"));
}

/** Path of an object inside a local remote. */
function remoteObject(remote: string, hash: string): string {
  return join(remote, "files", hash.slice(0, 2), hash.slice(2));
}

async function ranAndPushed(remote: string) {
  const project = makeRemoteProject(remote);
  expect((await project.pivot("repro")).exitCode).toBe(0);
  const push = await project.pivot("push");
  expect(push.exitCode).toBe(0);
  return project;
}

describe("remote add / list / default / remove", () => {
  test("edit the project config, and list shows the default", async () => {
    const project = makeProject({ ".pivot/config.yaml": "# team settings\n" });
    expect((await project.pivot("remote", "add", "origin", "../shared-cache")).exitCode).toBe(0);
    expect((await project.pivot("remote", "add", "-d", "backup", "s3://bucket/pivot")).exitCode).toBe(0);
    const list = await project.pivot("remote", "list");
    expect(list.stdout).toMatch(/backup\s+s3:\/\/bucket\/pivot\s+\(default\)/);
    expect(list.stdout).toMatch(/origin\s+\.\.\/shared-cache\n/);
    expect(project.read(".pivot/config.yaml")).toContain("# team settings");

    expect((await project.pivot("remote", "default", "origin")).exitCode).toBe(0);
    expect((await project.pivot("remote", "default")).stdout.trim()).toBe("origin");
    expect((await project.pivot("remote", "remove", "origin")).exitCode).toBe(0);
    const json = JSON.parse((await project.pivot("remote", "list", "--json")).stdout);
    expect(json).toEqual([{ name: "backup", url: "s3://bucket/pivot", isDefault: false, settings: {} }]);
    expect(project.read(".pivot/config.yaml")).not.toContain("default: origin");
  });

  test("a bad name, an unknown scheme and a duplicate are refused with hints", async () => {
    const project = makeProject({});
    const badName = await project.pivot("remote", "add", "my remote", "/tmp/x");
    expect(badName.exitCode).toBe(1);
    expect(badName.stderr).toContain("Invalid remote name");
    const scheme = await project.pivot("remote", "add", "web", "gopher://host/x");
    expect(scheme.exitCode).toBe(1);
    expect(scheme.stderr).toContain("gopher://");
    expect(scheme.stderr).toContain("s3");
    await project.pivot("remote", "add", "origin", "/tmp/a");
    const duplicate = await project.pivot("remote", "add", "origin", "/tmp/b");
    expect(duplicate.exitCode).toBe(1);
    expect(duplicate.stderr).toContain("--force");
    expect(hasStackTrace(badName.output + scheme.output + duplicate.output)).toBe(false);
  });

  test("push without any remote says how to add one", async () => {
    const project = makeProject({ "pivot.yaml": "stages:\n  a:\n    cmd: echo a > a.txt\n    outs: [a.txt]\n" });
    await project.pivot("repro");
    const result = await project.pivot("push");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("No remote is configured");
    expect(result.stderr).toContain("pivot remote add");
    const unknown = await project.pivot("push", "--remote", "orgin");
    expect(unknown.stderr).toContain("Unknown remote 'orgin'");
    expect(hasStackTrace(result.output + unknown.output)).toBe(false);
  });
});

describe("push / fetch / pull with a local folder remote", () => {
  test("run → push → delete cache and outputs → pull restores byte-identical outputs", async () => {
    const remote = remoteDir();
    const project = await ranAndPushed(remote);
    const before = { bin: readFileSync(project.path("data/sub/b.bin")), two: project.read("two.txt") };
    expect(objectsIn(remote)).toEqual(cachedObjects(project));

    for (const path of [".pivot/cache", "data", "one.txt", "two.txt", "scaled.txt"]) project.remove(path);
    const pull = await project.pivot("pull");
    expect(pull.exitCode).toBe(0);
    expect(readFileSync(project.path("data/sub/b.bin")).equals(before.bin)).toBe(true);
    expect(project.read("data/a.txt")).toBe("alpha\n");
    expect(project.read("two.txt")).toBe(before.two);
    expect(project.read("scaled.txt")).toBe("xx\n");
    const repro = await project.pivot("repro", "--json");
    expect(ranStages(repro.stdout)).toEqual([]);
  });

  test("a relative folder remote is resolved from the project root, not the working folder", async () => {
    const project = makeRemoteProject("../shared");
    await project.pivot("repro");
    project.write("sub/keep.txt", "");
    expect((await project.pivotIn("sub", "push")).exitCode).toBe(0);
    expect(objectsIn(join(project.root, "../shared")).length).toBeGreaterThan(0);
    rmSync(join(project.root, "../shared"), { recursive: true, force: true });
  });

  test("pull <stage> fetches only that stage's objects", async () => {
    const remote = remoteDir();
    const source = await ranAndPushed(remote);
    const clone = cloneProject(source);
    const pull = await clone.pivot("pull", "upper");
    expect(pull.exitCode).toBe(0);
    expect(clone.read("two.txt")).toBe("ONE\n");
    expect(clone.exists("one.txt")).toBe(false);
    expect(clone.exists("data")).toBe(false);
    expect(cachedObjects(clone)).toEqual(lockedHashes(source, "upper"));
  });

  test("pull of a path inside a directory output brings that output", async () => {
    const source = await ranAndPushed(remoteDir());
    const clone = cloneProject(source);
    expect((await clone.pivot("pull", "data/sub/b.bin")).exitCode).toBe(0);
    expect(clone.exists("data/a.txt")).toBe(true);
    expect(clone.exists("one.txt")).toBe(false);
  });

  test("a second push of the same data uploads nothing and asks the remote nothing", async () => {
    const remote = remoteDir();
    const project = await ranAndPushed(remote);
    const second = await project.pivot("push", "--json");
    expect(second.exitCode).toBe(0);
    const report = JSON.parse(second.stdout);
    expect(report.objects.transferred).toBe(0);
    expect(report.runCache.transferred).toBe(0);
    expect(report.checks).toEqual({ indexed: report.objects.total, checked: 0, method: "none", forgotten: 0, damaged: 0, verified: 0, corrupt: 0 });
    // With the remote gone entirely, a no-op push still succeeds: it makes no request at all.
    rmSync(remote, { recursive: true, force: true });
    writeFileSync(remote, "not a folder any more");
    expect((await project.pivot("push")).exitCode).toBe(1);
    rmSync(remote, { force: true });
    expect((await project.pivot("push")).stderr).toContain("Everything is already on origin");
  });

  test("an object deleted on the remote is reported by pull and re-pushed by push --verify-remote", async () => {
    const remote = remoteDir();
    const project = await ranAndPushed(remote);
    const [hash] = lockedHashes(project, "upper");
    rmSync(remoteObject(remote, hash!), { force: true });

    const clone = cloneProject(project);
    const pull = await clone.pivot("pull", "upper");
    expect(pull.exitCode).toBe(1);
    expect(pull.stderr).toContain("two.txt");
    expect(pull.stderr).toContain("not on");
    expect(hasStackTrace(pull.output)).toBe(false);

    const trusting = await project.pivot("push", "--json");
    expect(JSON.parse(trusting.stdout).objects.transferred).toBe(0);
    const verify = await project.pivot("push", "--verify-remote");
    expect(verify.exitCode).toBe(0);
    expect(verify.stderr).toContain("had gone from the remote");
    expect(verify.stderr).toContain("Pushed 1 object");
    expect(existsSync(remoteObject(remote, hash!))).toBe(true);
    expect((await clone.pivot("pull", "upper")).exitCode).toBe(0);
  });

  test("a same-size damaged object on the remote is repaired by push --verify-remote, which the pull error names", async () => {
    const remote = remoteDir();
    const project = await ranAndPushed(remote);
    const [hash] = lockedHashes(project, "upper");
    const file = remoteObject(remote, hash!);
    chmodSync(file, 0o644);
    writeFileSync(file, "0NE\n"); // same size as "ONE\n"

    const clone = cloneProject(project);
    const pull = await clone.pivot("pull", "upper");
    expect(pull.exitCode).toBe(1);
    expect(pull.stderr).toContain("corrupt");
    expect(pull.stderr).toContain("pivot push --verify-remote");
    const verify = await project.pivot("push", "--verify-remote", "--json");
    expect(verify.exitCode).toBe(0);
    const report = JSON.parse(verify.stdout);
    expect(report.checks).toMatchObject({ corrupt: 1 });
    expect(report.checks.verified).toBeGreaterThanOrEqual(cachedObjects(project).length);
    expect(report.objects.transferred).toBe(1);
    expect(readFileSync(file, "utf8")).toBe("ONE\n");
    const text = await project.pivot("push", "--verify-remote");
    expect(text.stderr).toContain("Everything is already on origin");
    expect((await clone.pivot("pull", "upper")).exitCode).toBe(0);
    expect(clone.read("two.txt")).toBe("ONE\n");
  });

  test("a corrupted object on the remote is rejected: not cached, not placed", async () => {
    const remote = remoteDir();
    const project = await ranAndPushed(remote);
    const [hash] = lockedHashes(project, "upper");
    const file = remoteObject(remote, hash!);
    chmodSync(file, 0o644);
    writeFileSync(file, "EVIL\n");

    const clone = cloneProject(project);
    const pull = await clone.pivot("pull");
    expect(pull.exitCode).toBe(1);
    expect(pull.stderr).toContain("corrupt");
    expect(pull.stderr).toContain(hash!);
    expect(cachedObjects(clone)).not.toContain(hash!);
    expect(clone.exists("two.txt")).toBe(false);
    expect(clone.read("one.txt")).toBe("one\n");
    expect(hasStackTrace(pull.output)).toBe(false);
  });

  test("fetch alone re-hashes each object: a same-size corrupted one is reported and never cached", async () => {
    const remote = remoteDir();
    const project = await ranAndPushed(remote);
    const [hash] = lockedHashes(project, "upper");
    const file = remoteObject(remote, hash!);
    chmodSync(file, 0o644);
    writeFileSync(file, "EVL\n"); // two.txt is "ONE\n": same size, different bytes

    const clone = cloneProject(project);
    const fetch = await clone.pivot("fetch");
    expect(fetch.exitCode).toBe(1);
    expect(fetch.stderr).toContain("corrupt");
    expect(fetch.stderr).toContain(`two.txt (${hash})`);
    expect(hasStackTrace(fetch.output)).toBe(false);
    expect(clone.exists(objectFile(hash!))).toBe(false);
    expect(cachedObjects(clone).length).toBe(cachedObjects(project).length - 1);

    const checkout = await clone.pivot("checkout");
    expect(checkout.exitCode).toBe(1);
    expect(clone.exists("two.txt")).toBe(false);
    expect(clone.read("one.txt")).toBe("one\n");
  });

  test("a fresh clone that pulls runs nothing on repro", async () => {
    const project = await ranAndPushed(remoteDir());
    const clone = cloneProject(project);
    expect((await clone.pivot("status", "--quiet")).exitCode).toBe(1);
    expect((await clone.pivot("pull")).exitCode).toBe(0);
    const repro = await clone.pivot("repro", "--json");
    expect(repro.exitCode).toBe(0);
    expect(ranStages(repro.stdout)).toEqual([]);
    expect(clone.exists("ran.log")).toBe(false);
    expect((await clone.pivot("status", "--quiet")).exitCode).toBe(0);
  });

  test("run-cache entries travel: a clone restores an earlier result instead of running", async () => {
    const remote = remoteDir();
    const project = await ranAndPushed(remote);
    project.write("input.txt", "xy\n");
    await project.pivot("repro");
    expect((await project.pivot("push")).exitCode).toBe(0);

    const clone = cloneProject(project);
    const pull = await clone.pivot("pull", "--run-cache");
    expect(pull.exitCode).toBe(0);
    expect(pull.stderr).toContain("run-cache entr");
    clone.write("input.txt", "x\n");
    const repro = await clone.pivot("repro", "--json");
    expect(stageStatuses(repro.stdout).scale).toBe("restored");
    expect(ranStages(repro.stdout)).toEqual([]);
    expect(clone.read("scaled.txt")).toBe("xx\n");
    expect(clone.exists("ran.log")).toBe(false);
  });

  test("pull keeps a modified output unless --force", async () => {
    const project = await ranAndPushed(remoteDir());
    const clone = cloneProject(project);
    clone.write("two.txt", "mine\n");
    const pull = await clone.pivot("pull", "upper");
    expect(pull.exitCode).toBe(1);
    expect(pull.stderr).toContain("--force");
    expect(clone.read("two.txt")).toBe("mine\n");
    expect((await clone.pivot("pull", "upper", "--force")).exitCode).toBe(0);
    expect(clone.read("two.txt")).toBe("ONE\n");
  });

  test("fetch fills the cache only; repro then restores from it", async () => {
    const project = await ranAndPushed(remoteDir());
    const clone = cloneProject(project);
    expect((await clone.pivot("fetch")).exitCode).toBe(0);
    expect(clone.exists("two.txt")).toBe(false);
    const repro = await clone.pivot("repro", "--json");
    expect(ranStages(repro.stdout)).toEqual([]);
    expect(clone.read("two.txt")).toBe("ONE\n");
  });

  test("--dry-run changes nothing and says what would move", async () => {
    const remote = remoteDir();
    const project = makeRemoteProject(remote);
    await project.pivot("repro");
    const dry = await project.pivot("push", "--dry-run");
    expect(dry.exitCode).toBe(0);
    expect(dry.stderr).toMatch(/Would push \d+ objects/);
    expect(objectsIn(remote)).toEqual([]);
    await project.pivot("push");
    const clone = cloneProject(project);
    const dryPull = await clone.pivot("pull", "-n", "--json");
    expect(JSON.parse(dryPull.stdout).objects.transferred).toBeGreaterThan(0);
    expect(cachedObjects(clone)).toEqual([]);
    expect(clone.exists("two.txt")).toBe(false);
  });

  test("status --remote shows what push and pull would move", async () => {
    const remote = remoteDir();
    const project = makeRemoteProject(remote);
    await project.pivot("repro");
    const before = await project.pivot("status", "--remote", "--json");
    expect(before.exitCode).toBe(0);
    const report = JSON.parse(before.stdout);
    expect(report.toPush.objects).toBe(cachedObjects(project).length);
    expect(report.outputs.find((o: { path: string }) => o.path === "two.txt").state).toBe("push");
    await project.pivot("push");
    const after = await project.pivot("status", "--remote");
    expect(after.stdout).toContain("in sync");
    const clone = cloneProject(project);
    const fetchSide = JSON.parse((await clone.pivot("status", "-r", "origin", "--json")).stdout);
    expect(fetchSide.toFetch.objects).toBe(cachedObjects(project).length);
    expect(fetchSide.toPush.objects).toBe(0);
  });

  test("tracked data (pivot track) travels too, in a project without a pipeline", async () => {
    const remote = remoteDir();
    const project = makeProject({ "raw.csv": "a,b\n1,2\n" });
    expect((await project.pivot("track", "raw.csv")).exitCode).toBe(0);
    await project.pivot("remote", "add", "-d", "origin", remote);
    expect((await project.pivot("push")).exitCode).toBe(0);
    const clone = makeProject({ "raw.csv.pvt": project.read("raw.csv.pvt"), ".pivot/config.yaml": project.read(".pivot/config.yaml") });
    expect((await clone.pivot("pull", "raw.csv")).exitCode).toBe(0);
    expect(clone.read("raw.csv")).toBe("a,b\n1,2\n");
  });

  test("an unknown target is an error with a hint", async () => {
    const project = await ranAndPushed(remoteDir());
    const result = await project.pivot("push", "uper");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("uper");
    expect(result.stderr).toContain("upper");
    expect(hasStackTrace(result.output)).toBe(false);
  });
});
