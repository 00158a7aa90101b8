import { expect, test } from "bun:test";
import { cpSync } from "node:fs";
import { join, resolve } from "node:path";
import { makeTsProject, ranStages } from "../support/ts-project";

const EXAMPLE = resolve(import.meta.dir, "../../examples/ts-pipeline");
const SOURCES = ["pipeline.ts", "params.yaml", "data/houses.csv", "src", ".pivot/.gitignore", ".pivot/config.yaml"];

test("the TS example pipeline runs, and re-runs only what a code edit touches", async () => {
  const project = makeTsProject();
  for (const rel of SOURCES) cpSync(join(EXAMPLE, rel), project.path(rel), { recursive: true });
  const first = await project.pivot("repro");
  expect(first.exitCode).toBe(0);
  expect(ranStages(first.stderr)).toEqual(["clean", "evaluate", "fit", "split"]);
  const metrics = JSON.parse(project.read("metrics.json"));
  expect(metrics.r2).toBeGreaterThan(0.9);
  expect(project.read("plots/predictions.csv")).toStartWith("actual,predicted\n");

  project.write("src/linear-model.ts", `// reformatted\n${project.read("src/linear-model.ts").replaceAll("  ", "    ")}`);
  expect(ranStages((await project.pivot("repro")).stderr)).toEqual([]);

  project.write("src/linear-model.ts", project.read("src/linear-model.ts").replace("model.intercept);", "model.intercept) + 1;"));
  const explain = await project.pivot("status", "--explain");
  expect(explain.stdout).toContain("code changed: fn:predict src/linear-model.ts");
  expect(ranStages((await project.pivot("repro")).stderr)).toEqual(["evaluate"]);
});
