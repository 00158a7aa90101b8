import { describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { hostname, tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { commitAll, initGitRepo } from "../support/git-repo";
import { makeRemoteProject } from "../support/remote-fixtures";
import { stageEnds } from "../support/run-events";

/** Every file under `dir` (relative paths). */
function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(dir, `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

describe("run-cache provenance", () => {
  test("a run-cache restore says who made the entry, at which commit, how long ago", async () => {
    const remote = mkdtempSync(join(tmpdir(), "pivot-remote-"));
    const project = makeRemoteProject(remote);
    initGitRepo(project.root);
    const commit = commitAll(project.root, "pipeline");
    expect((await project.pivot("repro", "scale")).exitCode).toBe(0);
    project.write("input.txt", "xx\n");
    expect((await project.pivot("repro", "scale")).exitCode).toBe(0);
    project.write("input.txt", "x\n");
    const back = await project.pivot("repro", "scale", "--json");
    expect(back.exitCode).toBe(0);
    const end = stageEnds(back.stdout).scale!;
    expect(end.status).toBe("restored");
    expect(end.reason).toContain(`restored from run cache (made by ${userInfo().username}@${hostname()} at ${commit.slice(0, 7)}, `);
    expect(end.reason).toMatch(/, \d+(ms|s) ago \(pivot \d+\.\d+\.\d+\)\)$/);
  });

  test("a pushed run-cache record carries its producer", async () => {
    const remote = mkdtempSync(join(tmpdir(), "pivot-remote-"));
    const project = makeRemoteProject(remote);
    initGitRepo(project.root);
    const commit = commitAll(project.root, "pipeline");
    expect((await project.pivot("repro")).exitCode).toBe(0);
    expect((await project.pivot("push")).exitCode).toBe(0);
    const records = filesUnder(join(remote, "runs"));
    expect(records.length).toBe(3);
    for (const record of records) {
      const body = JSON.parse(readFileSync(join(remote, "runs", record), "utf8"));
      expect(body.producer).toEqual({ pivotVersion: expect.stringMatching(/^\d+\.\d+\.\d+/), host: hostname(), user: userInfo().username, gitCommit: commit });
      expect(typeof body.createdAtMs).toBe("number");
    }
  });
});
