import { describe, expect, test } from "bun:test";
import { hasStackTrace, makeProject } from "../support/project";
import { objectFile, outputsProject } from "../support/outputs-project";

describe("pivot track", () => {
  test("track → modify → status shows modified → track again → clean", async () => {
    const project = makeProject({ "data/raw.csv": "a,b\n1,2\n" });
    const tracked = await project.pivot("track", "data/raw.csv");
    expect(tracked.exitCode).toBe(0);
    expect(tracked.stdout).toContain("data/raw.csv.pvt");
    const pvt = Bun.YAML.parse(project.read("data/raw.csv.pvt")) as Record<string, unknown>;
    expect(pvt).toMatchObject({ schema: 1, hash_algorithm: "xxh3-128", path: "raw.csv", size: 8 });
    expect(project.read(objectFile(pvt.hash as string))).toBe("a,b\n1,2\n");

    const clean = await project.pivot("status");
    expect(clean.exitCode).toBe(0);
    expect(clean.stdout).toContain("1 tracked path unchanged");

    project.write("data/raw.csv", "a,b\n1,2\n3,4\n");
    const modified = await project.pivot("status");
    expect(modified.stdout).toContain("data/raw.csv");
    expect(modified.stdout).toContain("modified");
    expect((await project.pivot("-q", "status")).exitCode).toBe(1);
    const json = JSON.parse((await project.pivot("status", "--json")).stdout);
    expect(json.tracked).toMatchObject([{ path: "data/raw.csv", state: "modified" }]);

    const again = await project.pivot("track", "data/raw.csv");
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain("updated");
    expect((Bun.YAML.parse(project.read("data/raw.csv.pvt")) as { size: number }).size).toBe(12);
    expect((await project.pivot("-q", "status")).exitCode).toBe(0);
  });

  test("a tracked folder: its file count is recorded, checkout restores it, status reports it missing", async () => {
    const project = makeProject({ "images/a.txt": "a", "images/sub/b.txt": "bb" });
    expect((await project.pivot("track", "images/")).exitCode).toBe(0);
    expect(Bun.YAML.parse(project.read("images.pvt"))).toMatchObject({ path: "images", size: 3, files: 2 });
    project.remove("images");
    expect((await project.pivot("status")).stdout).toContain("missing");
    const restored = await project.pivot("checkout", "images.pvt");
    expect(restored.exitCode).toBe(0);
    expect(project.read("images/sub/b.txt")).toBe("bb");
  });

  test("tracked data can be a stage dep, and changing it makes the stage stale", async () => {
    const project = makeProject({
      "pivot.yaml": "stages:\n  count:\n    cmd: wc -l < data.csv > count.txt\n    deps: [data.csv]\n    outs: [count.txt]\n",
      "data.csv": "1\n2\n",
    });
    expect((await project.pivot("track", "data.csv")).exitCode).toBe(0);
    expect((await project.pivot("repro")).exitCode).toBe(0);
    expect(project.read("count.txt").trim()).toBe("2");
    project.write("data.csv", "1\n2\n3\n");
    await project.pivot("track", "data.csv");
    const status = JSON.parse((await project.pivot("status", "--json")).stdout);
    expect(status.stale).toBe(true);
    expect(status.tracked[0].state).toBe("clean");
  });

  test("a missing tracked dep still passes graph checks (its .pvt stands for it) and checkout brings it back", async () => {
    const project = makeProject({
      "pivot.yaml": "stages:\n  count:\n    cmd: wc -l < data.csv > count.txt\n    deps: [data.csv]\n    outs: [count.txt]\n",
      "data.csv": "1\n2\n",
    });
    await project.pivot("track", "data.csv");
    project.remove("data.csv");
    expect((await project.pivot("list")).exitCode).toBe(0);
    expect((await project.pivot("checkout", "data.csv")).exitCode).toBe(0);
    expect((await project.pivot("repro")).exitCode).toBe(0);
  });

  test("refuses a path produced by a stage, naming the stage", async () => {
    const project = outputsProject();
    await project.pivot("repro");
    for (const path of ["clean.txt", "parts/head.txt"]) {
      const result = await project.pivot("track", path);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain("output of stage");
      expect(result.stderr).toMatch(/prepare|split/);
      expect(hasStackTrace(result.output)).toBe(false);
    }
    expect(project.exists("clean.txt.pvt")).toBe(false);
  });

  test("refuses paths outside the project, missing ones and tracking files", async () => {
    const project = makeProject({ "sub/a.txt": "a", "a.txt.pvt": "x" });
    const cases: Array<[string[], string]> = [
      [["/etc/hostname"], "outside the project"],
      [["../a.txt"], "outside the project"],
      [["nothing.csv"], "no such file"],
      [["a.txt.pvt"], "tracking file"],
    ];
    for (const [args, fragment] of cases) {
      const result = await project.pivot("track", ...args);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(fragment);
      expect(hasStackTrace(result.output)).toBe(false);
    }
    expect((await project.pivot("track")).exitCode).not.toBe(0);
  });
});
