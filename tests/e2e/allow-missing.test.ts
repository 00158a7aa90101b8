import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasStackTrace } from "../support/project";
import { cloneProject, lockedHashes, makeRemoteProject } from "../support/remote-fixtures";
import { stageEnds, stageStatuses } from "../support/run-events";

function remoteDir(): string {
  return mkdtempSync(join(tmpdir(), "pivot-remote-"));
}

/** A project that ran and pushed, and a clone of what git would carry (lock files, no data). */
async function pushedAndCloned(remote = remoteDir()) {
  const source = makeRemoteProject(remote);
  source.write("raw.txt", "tracked data\n");
  expect((await source.pivot("track", "raw.txt")).exitCode).toBe(0);
  expect((await source.pivot("repro")).exitCode).toBe(0);
  expect((await source.pivot("push")).exitCode).toBe(0);
  const clone = cloneProject(source);
  clone.write("raw.txt.pvt", source.read("raw.txt.pvt"));
  return { source, clone, remote };
}

describe("--allow-missing (CI after a clone)", () => {
  test("status: stale without it; up to date with it, data on the remote", async () => {
    const { clone } = await pushedAndCloned();
    const plain = JSON.parse((await clone.pivot("status", "--json")).stdout) as { stale: boolean; trackedChanged: boolean };
    expect(plain.stale).toBe(true);
    expect(plain.trackedChanged).toBe(true);
    const allowed = await clone.pivot("status", "--allow-missing");
    expect(allowed.exitCode).toBe(0);
    expect(allowed.stdout).toContain("3 stages up to date (3 with data not in the workspace)");
    expect(allowed.stdout).toContain("1 tracked path unchanged");
    const json = JSON.parse((await clone.pivot("status", "--allow-missing", "--json")).stdout) as { stale: boolean; trackedChanged: boolean; stages: Array<{ stage: string; absent?: string[] }> };
    expect(json.stale).toBe(false);
    expect(json.trackedChanged).toBe(false);
    expect(json.stages.find((s) => s.stage === "upper")!.absent).toEqual(["one.txt", "two.txt"]);
    expect((await clone.pivot("-q", "status", "--allow-missing")).exitCode).toBe(0);
  });

  test("verify passes with it and fails without it", async () => {
    const { clone } = await pushedAndCloned();
    expect((await clone.pivot("verify")).exitCode).toBe(1);
    const verify = await clone.pivot("verify", "--allow-missing");
    expect(verify.exitCode).toBe(0);
    expect(verify.stdout).toContain("two.txt: not in the local cache, on origin");
    expect(verify.stdout).toContain("raw.txt: not in the local cache, on origin");
  });

  test("an object the remote lacks is still a failure", async () => {
    const { clone, remote } = await pushedAndCloned();
    const [hash] = lockedHashes(clone, "upper");
    rmSync(join(remote, "files", hash!.slice(0, 2), hash!.slice(2)));
    const verify = await clone.pivot("verify", "--allow-missing");
    expect(verify.exitCode).toBe(1);
    expect(verify.stdout).toMatch(/✖ upper\n\s+- stale: out two.txt is missing and not in the cache/);
    const status = JSON.parse((await clone.pivot("status", "--allow-missing", "--json")).stdout) as { stale: boolean };
    expect(status.stale).toBe(true);
  });

  test("repro --dry-run and repro: stages with only missing data are skipped, changed ones still run", async () => {
    const { clone } = await pushedAndCloned();
    const dry = JSON.parse((await clone.pivot("repro", "--dry-run", "--allow-missing", "--json")).stdout) as { stages: Array<{ stage: string; willRun: boolean }> };
    expect(dry.stages.map((s) => [s.stage, s.willRun])).toEqual([["gen", false], ["upper", false], ["scale", false]]);
    clone.write("input.txt", "xyx\n");
    const run = await clone.pivot("repro", "--allow-missing", "--json");
    expect(run.exitCode).toBe(0);
    expect(stageStatuses(run.stdout)).toEqual({ gen: "skipped", upper: "skipped", scale: "ran" });
    expect(stageEnds(run.stdout).upper!.reason).toBe("unchanged; not in the workspace, on origin: one.txt, two.txt");
    expect(clone.exists("two.txt")).toBe(false);
  });

  test("a stage that must run without its dep in the workspace says to fetch it", async () => {
    const { clone } = await pushedAndCloned();
    clone.write("pivot.yaml", clone.read("pivot.yaml").replace("tr a-z A-Z < one.txt > two.txt", "tr a-z A-Z < one.txt > two.txt && true"));
    const run = await clone.pivot("repro", "--allow-missing", "upper");
    expect(run.exitCode).toBe(1);
    expect(run.output).toContain("cannot run: dep one.txt is not in the workspace");
    expect(run.output).toContain("pivot repro --pull");
    expect(hasStackTrace(run.output)).toBe(false);
  });

  test("without a remote it is a clear error", async () => {
    const { clone } = await pushedAndCloned();
    clone.write(".pivot/config.yaml", "");
    const status = await clone.pivot("status", "--allow-missing");
    expect(status.exitCode).toBe(1);
    expect(status.output).toContain("No remote is configured");
    expect(hasStackTrace(status.output)).toBe(false);
  });
});
