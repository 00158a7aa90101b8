import { describe, expect, test } from "bun:test";
import { hasStackTrace, makeProject, TWO_STAGE_PIPELINE } from "../support/project";

const PIPELINE = TWO_STAGE_PIPELINE;

describe("pivot history", () => {
  test("lists runs newest first, honours --limit, and shows one run's stages", async () => {
    const project = makeProject({ "pivot.yaml": PIPELINE });
    expect((await project.pivot("repro")).exitCode).toBe(0);
    expect((await project.pivot("run", "upper", "--force")).exitCode).toBe(0);

    const all = JSON.parse((await project.pivot("history", "--json")).stdout);
    expect(all.map((run: { command: string }) => run.command)).toEqual(["run upper --force", "repro"]);

    const limited = await project.pivot("history", "--limit", "1", "--json");
    expect(limited.exitCode).toBe(0);
    expect(JSON.parse(limited.stdout)).toHaveLength(1);
    expect((await project.pivot("history", "-n", "1")).stdout.trim().split("\n")).toHaveLength(1);

    const first = all[1];
    const shown = await project.pivot("history", "show", first.id, "--json");
    expect(JSON.parse(shown.stdout).stages.map((s: { stage: string; status: string }) => [s.stage, s.status])).toEqual([
      ["gen", "ran"],
      ["upper", "ran"],
    ]);
    const text = await project.pivot("history", "show");
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain(all[0].id);
    expect(text.stdout).toMatch(/ran\s+upper\s+\d+ms\s+forced/);
  });

  test("an unknown run id and a bad --limit are clear errors", async () => {
    const project = makeProject({ "pivot.yaml": PIPELINE });
    const unknown = await project.pivot("history", "show", "nope");
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain("No run 'nope' in the history");
    const bad = await project.pivot("history", "--limit", "many");
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("--limit must be a whole number");
    expect(hasStackTrace(unknown.output + bad.output)).toBe(false);
  });
});

describe("--all", () => {
  test("metrics and params span every pipeline of the project", async () => {
    const project = makeProject({
      "pivot.yaml": "stages:\n  top:\n    cmd: echo top\n    metrics: [top.json]\n",
      "sub/pivot.yaml": "stages:\n  low:\n    cmd: echo low\n    params: [low.k]\n    metrics: [low.json]\n",
      "sub/params.yaml": "low:\n  k: 3\n",
      "top.json": '{"a": 1}',
      "sub/low.json": '{"b": 2}',
    });
    const metrics = await project.pivot("metrics", "show", "--all", "--json");
    expect(metrics.exitCode).toBe(0);
    expect(JSON.parse(metrics.stdout)).toEqual({ "top.json": { a: 1 }, "sub/low.json": { b: 2 } });
    const params = await project.pivot("params", "show", "--all", "--json");
    expect(JSON.parse(params.stdout)).toEqual({ low: { "sub/params.yaml": { "low.k": 3 } } });
  });
});
