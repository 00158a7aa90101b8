import { describe, expect, test } from "bun:test";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type TestProject, hasStackTrace } from "../support/project";
import { makeTsProject } from "../support/ts-project";

const FIXTURE = resolve(import.meta.dir, "../fixtures/plugin-fixture");
const PLUGIN_DIR = "node_modules/pivot-plugin-fixture";

/** A project with the fixture plugin installed in node_modules and listed in its config. */
function fixtureProject(files: Record<string, string> = {}, plugins = ["pivot-plugin-fixture"]): TestProject {
  const project = makeTsProject({ ".pivot/config.yaml": `plugins: [${plugins.join(", ")}]\n`, ...files });
  cpSync(FIXTURE, project.path(PLUGIN_DIR), { recursive: true });
  return project;
}

const PIPELINE = JSON.stringify({ stages: { greet: { write: "greeting.txt", text: "hello" }, shout: { write: "out/shout.txt", text: "HELLO", deps: ["greeting.txt"] } } });

describe("a third-party plugin built on the documented surface only", () => {
  test("imports nothing from pivot but @pivot/core/plugin", () => {
    const sources = readdirSync(FIXTURE).filter((f) => f.endsWith(".ts"));
    expect(sources.length).toBeGreaterThanOrEqual(5);
    for (const file of sources) {
      const specifiers = [...readFileSync(join(FIXTURE, file), "utf8").matchAll(/from "([^"]+)"|import\("([^"]+)"\)/g)].map((m) => m[1] ?? m[2]!);
      for (const specifier of specifiers) expect(specifier.startsWith("node:") || specifier.startsWith("./") || specifier === "@pivot/core/plugin").toBe(true);
    }
  });

  test("its pipeline format and stage kind run with repro, and skip, restore and re-run as built-in stages do", async () => {
    const project = fixtureProject({ "pivot.pipeline.json": PIPELINE });
    const first = await project.pivot("repro", "--show-output");
    expect(first.exitCode).toBe(0);
    expect(first.output).toContain("2 ran, 0 skipped");
    expect(first.output).toContain("writing out/shout.txt"); // the executor's output is streamed
    expect(project.read("out/shout.txt")).toBe("HELLO\n");
    expect(project.read(".pivot/stages/shout.lock")).toContain("spec fixture:write");
    expect((await project.pivot("repro")).output).toContain("0 ran, 2 skipped");

    rmSync(project.path("out/shout.txt"));
    const restored = await project.pivot("repro");
    expect(restored.output).toContain("0 ran, 1 skipped, 1 restored");
    expect(project.read("out/shout.txt")).toBe("HELLO\n");

    // Editing the spec re-runs that stage and, through its output, the stage reading it.
    project.write("pivot.pipeline.json", PIPELINE.replace('"text":"hello"', '"text":"hi"'));
    expect((await project.pivot("status", "--explain")).output).toContain("code changed: spec fixture:write");
    const edited = await project.pivot("repro");
    expect(edited.output).toContain("2 ran, 0 skipped");
    expect(project.read("greeting.txt")).toBe("hi\n");
  });

  test("its command sees the project through withProject, with statuses and --all", async () => {
    const project = fixtureProject({ "pivot.pipeline.json": PIPELINE });
    const before = await project.pivot("stage-report");
    expect(before.exitCode).toBe(0);
    expect(before.stdout).toContain("greet [fixture:write] stale");
    await project.pivot("repro", "greet");
    const report = JSON.parse((await project.pivot("stage-report", "--json")).stdout);
    expect(report.root).toBe(project.root);
    expect(report.statuses).toEqual([
      { stage: "greet", upToDate: true, reasons: [], frozen: false },
      { stage: "shout", upToDate: false, reasons: ["never ran (no lock file)"], frozen: false },
    ]);
    expect((await project.pivot("stage-report", "--help")).stdout).toContain("--json");
  });

  test("its remote scheme pushes and pulls", async () => {
    const remote = mkdtempSync(join(tmpdir(), "pivot-folder-remote-"));
    const project = fixtureProject({ "pivot.pipeline.json": PIPELINE });
    expect((await project.pivot("remote", "add", "--default", "shelf", `folder://${remote}`)).exitCode).toBe(0);
    await project.pivot("repro");
    const push = await project.pivot("push");
    expect(push.exitCode).toBe(0);
    expect(readdirSync(remote)).toContain("files");
    rmSync(project.path(".pivot/cache"), { recursive: true });
    rmSync(project.path("out"), { recursive: true });
    const pull = await project.pivot("pull");
    expect(pull.exitCode).toBe(0);
    expect(project.read("out/shout.txt")).toBe("HELLO\n");
    rmSync(remote, { recursive: true });
  });

  test("pivot plugins and pivot doctor say what it provides", async () => {
    const project = fixtureProject({ "pivot.pipeline.json": PIPELINE });
    const listed = await project.pivot("plugins");
    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).toMatch(/pivot-plugin-fixture\s+2\.3\.0\s+api \^1\.0\.0\s+pivot-plugin-fixture \(/);
    expect(listed.stdout).toContain("provides command:stage-report, remote:folder, executor:fixture:write, discovery:fixture-json");
    const json = JSON.parse((await project.pivot("plugins", "--json")).stdout);
    expect(json.plugins.find((p: { name: string }) => p.name === "pivot-plugin-fixture")).toMatchObject({ builtin: false, version: "2.3.0" });
    const doctor = await project.pivot("doctor");
    expect(doctor.stdout).toContain("pivot-plugin-fixture 2.3.0 (command:stage-report, remote:folder, executor:fixture:write, discovery:fixture-json)");
  });

  test("a failure inside its executor names the plugin and the hook", async () => {
    const project = fixtureProject({ "pivot.pipeline.json": JSON.stringify({ stages: { boom: { write: "x.txt", text: "THROW" } } }) });
    const run = await project.pivot("repro");
    expect(run.exitCode).toBe(1);
    expect(run.output).toContain("Plugin pivot-plugin-fixture failed in executor 'fixture:write'.execute: the fixture executor was told to throw");
    expect(hasStackTrace(run.output)).toBe(false);
    expect(existsSync(project.path("x.txt"))).toBe(false);
  });
});

describe("the contract: versions and precedence", () => {
  const variant = (project: TestProject, name: string, fields: string) =>
    project.write(`${name}.ts`, `import base from "pivot-plugin-fixture";\nexport default { ...base, name: "${name}", commands: {}, discovery: [], executors: [], ${fields} };\n`);

  test("a plugin for another plugin API version is refused, naming it, its range and pivot's", async () => {
    const project = fixtureProject({}, ["./future.ts"]);
    variant(project, "future", 'api: "^2.0.0"');
    const result = await project.pivot("--help");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("Plugin future supports plugin API ^2.0.0, but this pivot provides plugin API 1.1.0");
    expect(hasStackTrace(result.output)).toBe(false);
  });

  test("taking a built-in's remote scheme is an error unless declared with replaces; then pivot plugins shows it", async () => {
    const project = fixtureProject({}, ["./takeover.ts"]);
    variant(project, "takeover", 'remotes: [{ ...base.remotes[0], scheme: "file" }]');
    const refused = await project.pivot("plugins");
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("Plugin takeover provides remote scheme 'file', already provided by @pivot/plugin-remote-local");
    expect(refused.stderr).toContain('replaces: ["remote:file"]');

    variant(project, "takeover", 'remotes: [{ ...base.remotes[0], scheme: "file" }], replaces: ["remote:file"]');
    const listed = await project.pivot("plugins");
    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).toContain("remote:file replaced by takeover");
    expect((await project.pivot("doctor")).stdout).toContain("replaces remote:file of @pivot/plugin-remote-local");
  });
});
