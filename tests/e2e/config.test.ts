import { describe, expect, test } from "bun:test";
import { makeProject } from "../support/project";

describe("pivot config", () => {
  test("set, get, list and unset a project key, keeping comments", async () => {
    const project = makeProject({ ".pivot/config.yaml": "# my settings\ncore:\n  jobs: 2 # two cores\n" });
    expect((await project.pivot("config", "set", "cache.link", "hardlink,copy")).exitCode).toBe(0);
    expect((await project.pivot("config", "get", "cache.link")).stdout.trim()).toBe("hardlink,copy");
    expect(project.read(".pivot/config.yaml")).toContain("# two cores");

    const list = JSON.parse((await project.pivot("config", "list", "--json")).stdout);
    expect(list.find((e: { key: string }) => e.key === "core.jobs")).toEqual({ key: "core.jobs", value: 2, source: "project" });
    expect(list.find((e: { key: string }) => e.key === "watch.debounceMs").source).toBe("default");

    expect((await project.pivot("config", "unset", "core.jobs")).exitCode).toBe(0);
    expect(project.read(".pivot/config.yaml")).not.toContain("jobs");
  });

  test("an unknown key or a bad value is refused with a hint", async () => {
    const project = makeProject();
    const unknown = await project.pivot("config", "set", "cache.lnk", "copy");
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain("cache.lnk");
    expect(unknown.stderr).toContain("cache.link");
    const bad = await project.pivot("config", "set", "cache.link", "teleport");
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain("teleport");
  });

  test("global config and PIVOT_CACHE_DIR are layered under and over the project", async () => {
    const project = makeProject();
    const globalFile = project.path("global.yaml");
    project.write("global.yaml", "core:\n  jobs: 7\nhistory:\n  keep: 5\n");
    project.write(".pivot/config.yaml", "history:\n  keep: 9\n");
    const env = { PIVOT_GLOBAL_CONFIG: globalFile, PIVOT_CACHE_DIR: "/tmp/elsewhere-cache" };
    const list = JSON.parse((await project.pivotWith({ env }, "config", "list", "--json")).stdout);
    const get = (key: string) => list.find((e: { key: string }) => e.key === key);
    expect(get("core.jobs")).toEqual({ key: "core.jobs", value: 7, source: "global" });
    expect(get("history.keep")).toEqual({ key: "history.keep", value: 9, source: "project" });
    expect(get("cache.dir")).toEqual({ key: "cache.dir", value: "/tmp/elsewhere-cache", source: "env" });
  });

  test("a broken config file is reported by path", async () => {
    const project = makeProject({ ".pivot/config.yaml": "core: [\n", "pivot.yaml": "stages: {}\n" });
    const result = await project.pivot("list");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("config.yaml");
  });
});
