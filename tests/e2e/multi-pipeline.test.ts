import { describe, expect, test } from "bun:test";
import { cpSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { lockNamesIn, pivotFolders, stateRowsIn } from "../support/pivot-dirs";
import { makeProject } from "../support/project";

const EXAMPLE = resolve(import.meta.dir, "../../examples/monorepo");

/** A copy of examples/monorepo: root pipeline, reports/ sharing the root .pivot/, models/ with its own. */
function monorepo() {
  const project = makeProject({}, { init: false });
  cpSync(EXAMPLE, project.root, { recursive: true });
  for (const generated of [".pivot/stages", ".pivot/cache", ".pivot/state.db", "models/.pivot/stages", "models/.pivot/state.db", "data"]) {
    rmSync(join(project.root, generated), { recursive: true, force: true });
  }
  return project;
}

function ran(stdout: string): string[] {
  return stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .filter((e) => e.type === "stage-end" && e.status === "ran")
    .map((e) => e.stage)
    .sort();
}

/** Fails when a lock file or state row of a stage sits outside its pipeline's state folder. */
function expectRouting(root: string) {
  expect(pivotFolders(root)).toEqual([".", "models"]);
  for (const name of lockNamesIn(root, ".")) expect(["prepare", "reports/summarize"]).toContain(name);
  for (const name of lockNamesIn(root, "models")) expect(["prepare", "train"]).toContain(name);
  const rootRows = stateRowsIn(root, ".");
  const modelRows = stateRowsIn(root, "models");
  for (const stage of rootRows.runCacheStages) expect(["prepare", "reports/summarize"]).toContain(stage);
  for (const stage of modelRows.runCacheStages) expect(["prepare", "train"]).toContain(stage);
  for (const path of rootRows.generationPaths) expect(path.startsWith("models/")).toBe(false);
  for (const path of modelRows.generationPaths) expect(path.startsWith("models/")).toBe(true);
}

describe("many pipelines in one repository", () => {
  test("repro --all runs every stage once and routes locks and state to each pipeline's stateDir", async () => {
    const project = monorepo();
    const result = await project.pivot("repro", "--all", "--json");
    expect(result.exitCode).toBe(0);
    expect(ran(result.stdout)).toEqual(["models/prepare", "models/train", "prepare", "summarize"]);
    expect(lockNamesIn(project.root, ".")).toEqual(["prepare", "reports/summarize"]);
    expect(lockNamesIn(project.root, "models")).toEqual(["prepare", "train"]);
    expect(project.exists("models/.pivot/state.db")).toBe(true);
    expect(project.read("models/model.txt").trim()).toBe("42925");
    expectRouting(project.root);

    const again = await project.pivot("repro", "--all", "--json");
    expect(ran(again.stdout)).toEqual([]);
    expectRouting(project.root);
  });

  test("a stage run from its own folder reuses the lock written under --all", async () => {
    const project = monorepo();
    await project.pivot("repro", "--all");
    const alone = await project.pivotIn("models", "repro", "--json");
    expect(alone.exitCode).toBe(0);
    expect(ran(alone.stdout)).toEqual([]);
    expect((await project.pivotIn("models", "-q", "status")).exitCode).toBe(0);
    expectRouting(project.root);
  });

  test("a sub-pipeline run alone brings in the sibling stage producing its input", async () => {
    const project = monorepo();
    const first = await project.pivotIn("models", "repro", "--json");
    expect(first.exitCode).toBe(0);
    // Local stages keep their names; the root pipeline's colliding `prepare` is prefixed.
    const stages = ran(first.stdout);
    expect(stages).toContain("prepare");
    expect(stages).toContain("train");
    expect(stages.filter((s) => s.endsWith("/prepare"))).toHaveLength(1);
    expect(project.exists("data/shared.csv")).toBe(true);
    expect(lockNamesIn(project.root, ".")).toEqual(["prepare"]);

    project.write("params.yaml", "rows: 60\n");
    const status = await project.pivotIn("models", "status", "--explain");
    expect(status.stdout).toContain("param rows (params.yaml) changed: 50 → 60");
    const rerun = await project.pivotIn("models", "repro", "--json");
    expect(ran(rerun.stdout).length).toBe(3);
    expectRouting(project.root);
  });

  test("stage-name collisions get the pipeline name as a prefix under --all", async () => {
    const project = monorepo();
    const list = JSON.parse((await project.pivot("list", "--all", "--json")).stdout);
    const ids = list.map((s: { id: string }) => s.id).sort();
    expect(ids).toEqual(["models/prepare", "models/train", "prepare", "summarize"]);
    const dag = await project.pivot("dag", "--all", "models/train");
    expect(dag.stdout).toContain("models/prepare");
  });

  test("status --all covers every pipeline", async () => {
    const project = monorepo();
    await project.pivot("repro", "--all");
    project.write("params.yaml", "rows: 61\n");
    const status = JSON.parse((await project.pivot("status", "--all", "--json")).stdout);
    const stale = status.stages.filter((s: { willRun: boolean }) => s.willRun).map((s: { stage: string }) => s.stage).sort();
    expect(stale).toEqual(["models/prepare", "models/train", "prepare", "summarize"]);
    expectRouting(project.root);
  });

  test("a pipeline that fails to load is reported and the rest still load; --strict fails", async () => {
    const project = monorepo();
    project.write("broken/pivot.yaml", "stages:\n  x:\n    cmd: [unclosed\n");
    const lenient = await project.pivot("list", "--all");
    expect(lenient.exitCode).toBe(0);
    expect(lenient.stderr).toContain("broken/pivot.yaml");
    expect(lenient.stdout).toContain("summarize");
    const strict = await project.pivot("list", "--all", "--strict");
    expect(strict.exitCode).toBe(1);
    expect(strict.stderr).toContain("broken/pivot.yaml");
  });

  test(".pivotignore keeps folders out of --all discovery", async () => {
    const project = monorepo();
    project.write("scratch/pivot.yaml", "stages:\n  tmp:\n    cmd: echo hi > t.txt\n    outs: [t.txt]\n");
    expect((await project.pivot("list", "--all")).stdout).toContain("tmp");
    project.write(".pivotignore", "# experiments\nscratch/\n");
    expect((await project.pivot("list", "--all")).stdout).not.toContain("tmp");
  });
});

describe("every command honours --all and each stage's stateDir", () => {
  test("verify --all passes on a clean project and fails when one pipeline's stage is stale", async () => {
    const project = monorepo();
    await project.pivot("repro", "--all");
    const clean = await project.pivot("verify", "--all");
    expect(clean.exitCode).toBe(0);
    project.write("models/features.txt", "tampered\n");
    const stale = await project.pivot("verify", "--all");
    expect(stale.exitCode).toBe(1);
    expect(stale.output).toContain("models/prepare");
    expectRouting(project.root);
  });

  test("repro --all --no-commit then commit --all writes each lock into its own stateDir", async () => {
    const project = monorepo();
    const run = await project.pivot("repro", "--all", "--no-commit");
    expect(run.exitCode).toBe(0);
    expect(lockNamesIn(project.root, ".")).toEqual([]);
    expect(lockNamesIn(project.root, "models")).toEqual([]);
    const commit = await project.pivot("commit", "--all");
    expect(commit.exitCode).toBe(0);
    expect(lockNamesIn(project.root, ".")).toEqual(["prepare", "reports/summarize"]);
    expect(lockNamesIn(project.root, "models")).toEqual(["prepare", "train"]);
    expect((await project.pivot("-q", "status", "--all")).exitCode).toBe(0);
    expectRouting(project.root);
  });

  test("checkout --all restores deleted outputs of every pipeline", async () => {
    const project = monorepo();
    await project.pivot("repro", "--all");
    project.remove("models/model.txt");
    project.remove("reports/summary.txt");
    const checkout = await project.pivot("checkout", "--all");
    expect(checkout.exitCode).toBe(0);
    expect(project.read("models/model.txt").trim()).toBe("42925");
    expect(project.read("reports/summary.txt").trim()).toBe("50");
    expectRouting(project.root);
  });

  test("push --all and pull --all move every pipeline's outputs through a folder remote", async () => {
    const project = monorepo();
    await project.pivot("repro", "--all");
    expect((await project.pivot("remote", "add", "store", "../remote-store", "--default")).exitCode).toBe(0);
    const push = await project.pivot("push", "--all");
    expect(push.exitCode).toBe(0);
    project.remove(".pivot/cache");
    for (const out of ["data", "models/model.txt", "models/features.txt", "reports/summary.txt"]) project.remove(out);
    const pull = await project.pivot("pull", "--all");
    expect(pull.exitCode).toBe(0);
    expect(project.read("models/model.txt").trim()).toBe("42925");
    expect(project.read("reports/summary.txt").trim()).toBe("50");
    expect((await project.pivot("-q", "status", "--all")).exitCode).toBe(0);
    expectRouting(project.root);
  });

  test("gc --all keeps the objects of every pipeline", async () => {
    const project = monorepo();
    await project.pivot("repro", "--all");
    const gc = await project.pivot("gc", "--all");
    expect(gc.exitCode).toBe(0);
    project.remove("models/model.txt");
    const checkout = await project.pivot("checkout", "--all");
    expect(checkout.exitCode).toBe(0);
    expect(project.read("models/model.txt").trim()).toBe("42925");
  });
});
