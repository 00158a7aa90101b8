import { describe, expect, test } from "bun:test";
import { hasStackTrace, makeProject } from "../support/project";
import { outputsProject } from "../support/outputs-project";

type Check = { name: string; status: string; message: string; fix?: string };

async function doctorJson(project: ReturnType<typeof makeProject>): Promise<{ ok: boolean; checks: Check[]; exitCode: number }> {
  const result = await project.pivot("doctor", "--json");
  return { ...JSON.parse(result.stdout), exitCode: result.exitCode };
}

describe("pivot doctor", () => {
  test("a healthy project passes every check and exits 0", async () => {
    const project = outputsProject();
    const bare = await project.pivot("doctor");
    expect(bare.exitCode).toBe(0);
    expect(bare.stdout).toContain("no .pivot/.gitignore");
    expect((await project.pivot("init", "--force")).exitCode).toBe(0);
    await project.pivot("repro");
    const result = await project.pivot("doctor");
    expect(result.exitCode).toBe(0);
    for (const name of ["bun", "project", "config", "pipelines", "graph", "cache", "state .pivot", "remotes"]) expect(result.stdout).toContain(name);
    expect(result.stdout).toContain("All good.");
  });

  test("outside a project it says to run pivot init and exits 1", async () => {
    const result = await makeProject({}, { init: false }).pivot("doctor");
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("pivot init");
    expect(hasStackTrace(result.output)).toBe(false);
  });

  test("a broken config, pipeline and cache folder are each reported with what to fix", async () => {
    const badConfig = await doctorJson(makeProject({ ".pivot/config.yaml": "cache:\n  link: [teleport]\n" }));
    expect(badConfig.exitCode).toBe(1);
    expect(badConfig.checks.find((c) => c.name === "config")).toMatchObject({ status: "error" });

    const badPipeline = await doctorJson(makeProject({ "pivot.yaml": "stages:\n  a:\n    cmd: x\n    dep: [y]\n" }));
    expect(badPipeline.exitCode).toBe(1);
    const pipelines = badPipeline.checks.find((c) => c.name === "pipelines")!;
    expect(pipelines.status).toBe("error");
    expect(pipelines.message).toContain("pivot.yaml");

    const cacheIsFile = makeProject({ ".pivot/config.yaml": "cache:\n  dir: cache-file\n", "cache-file": "not a folder" });
    const cache = (await doctorJson(cacheIsFile)).checks.find((c) => c.name === "cache")!;
    expect(cache.status).toBe("error");
    expect(cache.fix).toContain("cache.dir");
  });

  test("remotes: a local folder is probed, an unknown scheme is an error", async () => {
    const project = makeProject({
      ".pivot/config.yaml": "remotes:\n  origin:\n    url: ./store\n  odd:\n    url: gopher://example.com/x\n",
      "store/": "",
    });
    const report = await doctorJson(project);
    expect(report.exitCode).toBe(1);
    expect(report.checks.find((c) => c.name === "remote origin")).toMatchObject({ status: "ok" });
    const odd = report.checks.find((c) => c.name === "remote odd")!;
    expect(odd.status).toBe("error");
    expect(odd.message).toContain("gopher");
  });

  test("with hardlink links, it warns that permissions cannot protect the cache when run as root, and only then", async () => {
    const report = await doctorJson(makeProject({ ".pivot/config.yaml": "cache:\n  link: [hardlink, copy]\n" }));
    const warned = report.checks.some((c) => c.status === "warn" && c.message.includes("root"));
    expect(warned).toBe(process.getuid?.() === 0);
  });
});
