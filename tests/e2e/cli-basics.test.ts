import { describe, expect, test } from "bun:test";
import { PIVOT_BIN, hasStackTrace, makeProject, runPivot, TWO_STAGE_PIPELINE } from "../support/project";

const PIPELINE = TWO_STAGE_PIPELINE;

describe("pivot CLI host", () => {
  test("--help lists every command with a one-line description", async () => {
    const project = makeProject({}, { init: false });
    const result = await project.pivot("--help");
    expect(result.exitCode).toBe(0);
    for (const command of ["init", "config", "list", "dag", "repro", "run", "status", "history"]) {
      expect(result.stdout).toMatch(new RegExp(`\\n  ${command}\\s+\\S`));
    }
  });

  test("--version prints the version", async () => {
    const result = await runPivot(["--version"], { cwd: makeProject().root });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test("an unknown command suggests the closest one and exits 2", async () => {
    const result = await makeProject().pivot("stauts");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("Unknown command 'stauts'");
    expect(result.stderr).toContain("Did you mean 'status'");
    expect(hasStackTrace(result.output)).toBe(false);
  });

  test("an unknown option is an error naming it", async () => {
    const result = await makeProject({ "pivot.yaml": PIPELINE }).pivot("list", "--jsn");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("Unknown option '--jsn'");
    expect(result.stderr).toContain("--json");
  });

  test("a command's --help shows its options", async () => {
    const result = await makeProject().pivot("dag", "--help");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("--mermaid");
    expect(result.stdout).toContain("--dot");
  });

  test("outside a project, commands needing one say to run pivot init", async () => {
    const result = await makeProject({ "pivot.yaml": PIPELINE }, { init: false }).pivot("list");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("No pivot project here");
    expect(result.stderr).toContain("pivot init");
    expect(hasStackTrace(result.output)).toBe(false);
  });

  test("--verbose adds the stack trace to an error", async () => {
    const result = await makeProject({ "pivot.yaml": "stages: [oops]\n" }).pivot("-v", "list");
    expect(result.exitCode).toBe(1);
    expect(hasStackTrace(result.stderr)).toBe(true);
  });
});

describe("pivot init", () => {
  test("creates .pivot/ with a .gitignore and refuses a second time without --force", async () => {
    const project = makeProject({}, { init: false });
    const first = await project.pivot("init");
    expect(first.exitCode).toBe(0);
    expect(project.read(".pivot/.gitignore")).toContain("/cache/");
    expect(project.read(".pivot/.gitignore")).toContain("/state.db");
    expect(project.exists(".pivot/config.yaml")).toBe(true);

    const second = await project.pivot("init");
    expect(second.exitCode).toBe(1);
    expect(second.stderr).toContain("already");
    expect(second.stderr).toContain("--force");

    project.write(".pivot/config.yaml", "core:\n  jobs: 3\n");
    const forced = await project.pivot("init", "--force");
    expect(forced.exitCode).toBe(0);
    expect(project.read(".pivot/config.yaml")).toContain("jobs: 3");
  });
});

describe("pivot list and dag", () => {
  test("list prints stages in order, with --deps and --json", async () => {
    const project = makeProject({ "pivot.yaml": PIPELINE });
    const plain = await project.pivot("list");
    expect(plain.exitCode).toBe(0);
    expect(plain.stdout.indexOf("gen")).toBeLessThan(plain.stdout.indexOf("upper"));

    const deps = await project.pivot("list", "--deps");
    expect(deps.stdout).toContain("← a.txt");
    expect(deps.stdout).toContain("→ b.txt");

    const json = JSON.parse((await project.pivot("list", "--json")).stdout);
    expect(json.map((s: { id: string }) => s.id)).toEqual(["gen", "upper"]);
    expect(json[1].deps).toEqual(["a.txt"]);
  });

  test("list works from a sub-folder of the project (root pipeline found)", async () => {
    const project = makeProject({ "pivot.yaml": PIPELINE, "sub/deeper/": "" });
    const result = await project.pivotIn("sub/deeper", "list");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("upper");
  });

  test("dag renders text, mermaid and dot for targets", async () => {
    const project = makeProject({ "pivot.yaml": PIPELINE });
    const text = await project.pivot("dag");
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain("gen");
    const mermaid = await project.pivot("dag", "--mermaid");
    expect(mermaid.stdout).toContain("flowchart");
    expect(mermaid.stdout).toContain("-->");
    const dot = await project.pivot("dag", "--dot", "gen");
    expect(dot.stdout).toContain("digraph");
    expect(dot.stdout).not.toContain("upper");
  });

  test("an unknown target suggests the closest stage", async () => {
    const result = await makeProject({ "pivot.yaml": PIPELINE }).pivot("dag", "uper");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("Unknown stage 'uper'");
    expect(result.stderr).toContain("Did you mean 'upper'");
  });
});

describe("output through pipes", () => {
  test("large JSON output reaches a slow reader whole", async () => {
    const stages = Array.from({ length: 600 }, (_, i) => `  s${i}:\n    cmd: echo ${"x".repeat(200)} > o${i}.txt\n    outs: [o${i}.txt]\n`).join("");
    const project = makeProject({ "pivot.yaml": `stages:\n${stages}` });
    const direct = await project.pivot("list", "--json");
    const expectedBytes = Buffer.byteLength(direct.stdout);
    expect(expectedBytes).toBeGreaterThan(200_000);
    const slow = Bun.spawn(["sh", "-c", `bun ${PIVOT_BIN} list --json | (sleep 1; wc -c)`], { cwd: project.root, stdout: "pipe" });
    expect(Number((await new Response(slow.stdout).text()).trim())).toBe(expectedBytes);
  });

  test("a reader that stops early (| head) is not an error", async () => {
    const project = makeProject({ "pivot.yaml": PIPELINE });
    const proc = Bun.spawn(["sh", "-c", `bun ${PIVOT_BIN} list --json | head -c 10 > /dev/null; echo "\${PIPESTATUS:-ok}"`], { cwd: project.root, stdout: "pipe", stderr: "pipe" });
    await proc.exited;
    expect(await new Response(proc.stderr).text()).not.toContain("EPIPE");
  });
});
