import { expect, test } from "bun:test";
import { cpSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { makeProject } from "../support/project";

const DEMO = resolve(import.meta.dir, "../../examples/demo");

/** The README's demo (`bun run demo`) on a copy: runs, then a param edit re-runs only what reads it. */
test("the demo pipeline runs, skips on a second run, and re-runs only what a param edit touches", async () => {
  const project = makeProject({}, { init: false });
  cpSync(DEMO, project.root, { recursive: true });
  for (const generated of ["data", "metrics.json", ".pivot/stages", ".pivot/cache", ".pivot/state.db", ".pivot/runs", ".pivot/tmp"]) {
    rmSync(join(project.root, generated), { recursive: true, force: true });
  }
  const first = await project.pivot("repro", "--json");
  expect(first.exitCode).toBe(0);
  const ran = (stdout: string) =>
    stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line))
      .filter((e) => e.type === "stage-end" && e.status === "ran")
      .map((e) => e.stage)
      .sort();
  expect(ran(first.stdout)).toEqual(["aggregate@max", "aggregate@mean", "clean", "generate", "metrics"]);
  expect(JSON.parse(project.read("metrics.json")).readings).toBe(1906);

  expect(ran((await project.pivot("repro", "--json")).stdout)).toEqual([]);

  project.write("params.yaml", project.read("params.yaml").replace("max_value: 95", "max_value: 90"));
  const explain = await project.pivot("status", "--explain");
  expect(explain.stdout).toContain("param clean.max_value (params.yaml) changed: 95 → 90");
  expect(ran((await project.pivot("repro", "--json")).stdout)).toEqual(["aggregate@max", "aggregate@mean", "clean", "metrics"]);
});
