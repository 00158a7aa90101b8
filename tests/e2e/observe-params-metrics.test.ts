import { describe, expect, test } from "bun:test";
import { commitAll, initGitRepo } from "../support/git-repo";
import { type TestProject, hasStackTrace, makeProject } from "../support/project";
import { startTestFile } from "../support/start-test-file";

const PIPELINE = `stages:
  train:
    cmd: cp inputs/metrics.json metrics.json && cp inputs/scores.csv scores.csv
    deps: [inputs/metrics.json, inputs/scores.csv]
    params: [train.lr, train.epochs, {custom.yaml: [model]}]
    metrics: [metrics.json, scores.csv]
  evaluate:
    cmd: cp inputs/eval.yaml eval.yaml
    deps: [inputs/eval.yaml]
    params: [evaluate]
    metrics: [eval.yaml]
`;

const params = (lr: number, epochs: number) => `train:\n  lr: ${lr}\n  epochs: ${epochs}\nevaluate:\n  threshold: 0.5\n`;
const metrics = (acc: number, loss: number) => JSON.stringify({ acc, eval: { loss } });

/** Cells of the table row whose first cells are `start`. */
function row(output: string, ...start: string[]): string[] | undefined {
  return output
    .split("\n")
    .map((line) => line.trim().split(/\s{2,}/))
    .find((cells) => start.every((cell, i) => cells[i] === cell));
}

let project: TestProject;

// Two commits, each with the pipeline run; then the workspace changes again without a commit.
await startTestFile(import.meta, async () => {
  project = makeProject({
    "pivot.yaml": PIPELINE,
    "params.yaml": params(0.1, 10),
    "custom.yaml": "model: small\n",
    "inputs/metrics.json": metrics(0.8, 0.5),
    "inputs/scores.csv": "precision,recall\n0.7,0.6\n",
    "inputs/eval.yaml": "auc: 0.7\n",
  });
  initGitRepo(project.root);
  expect((await project.pivot("repro")).exitCode).toBe(0);
  commitAll(project.root, "first run");
  project.write("params.yaml", params(0.05, 10));
  project.write("inputs/metrics.json", metrics(0.85, 0.4));
  project.write("inputs/scores.csv", "precision,recall\n0.72,0.6\n");
  expect((await project.pivot("repro")).exitCode).toBe(0);
  commitAll(project.root, "lower lr");
  project.write("params.yaml", params(0.01, 20));
  project.write("metrics.json", metrics(0.9, 0.4));
});

describe("pivot params", () => {
  test("show lists each stage's parameters with nested keys flattened", async () => {
    const result = await project.pivot("params", "show");
    expect(result.exitCode).toBe(0);
    expect(row(result.stdout, "train", "params.yaml", "train.lr")).toEqual(["train", "params.yaml", "train.lr", "0.01"]);
    expect(row(result.stdout, "train", "custom.yaml", "model")).toEqual(["train", "custom.yaml", "model", "small"]);
    expect(row(result.stdout, "evaluate", "params.yaml", "evaluate.threshold")?.[3]).toBe("0.5");
  });

  test("diff against HEAD shows old, new and delta of the changed parameters only", async () => {
    const result = await project.pivot("params", "diff");
    expect(result.exitCode).toBe(0);
    expect(row(result.stdout, "Stage")).toEqual(["Stage", "File", "Param", "HEAD", "workspace", "Delta", "Change"]);
    expect(row(result.stdout, "train", "params.yaml", "train.lr")).toEqual(["train", "params.yaml", "train.lr", "0.05", "0.01", "-0.04", "modified"]);
    expect(row(result.stdout, "train", "params.yaml", "train.epochs")).toEqual(["train", "params.yaml", "train.epochs", "10", "20", "+10", "modified"]);
    expect(result.stdout).not.toContain("model");
  });

  test("diff between two revisions reads both sides from git, as JSON", async () => {
    const result = await project.pivot("params", "diff", "--rev", "HEAD~1", "--rev", "HEAD", "--json");
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      old: "HEAD~1",
      new: "HEAD",
      changes: [{ stage: "train", file: "params.yaml", key: "train.lr", old: 0.1, new: 0.05, delta: -0.05, change: "modified" }],
    });
  });

  test("diff --md prints a GitHub table", async () => {
    const result = await project.pivot("params", "diff", "--md", "--rev", "HEAD~1");
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toBe("| Stage | File | Param | HEAD~1 | workspace | Delta | Change |");
    expect(lines[1]).toBe("|---|---|---|---|---|---|---|");
    expect(lines).toContain("| train | params.yaml | train.lr | 0.1 | 0.01 | -0.09 | modified |");
    expect(lines).toContain("| train | params.yaml | train.epochs | 10 | 20 | +10 | modified |");
  });
});

describe("pivot metrics", () => {
  test("show reads JSON, YAML and CSV metrics with nested keys flattened", async () => {
    const result = await project.pivot("metrics", "show", "--json");
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      "metrics.json": { acc: 0.9, "eval.loss": 0.4 },
      "scores.csv": { precision: 0.72, recall: 0.6 },
      "eval.yaml": { auc: 0.7 },
    });
  });

  test("show --precision rounds numbers in the table", async () => {
    project.write("extra.json", JSON.stringify({ ratio: 2 / 3 }));
    const result = await project.pivot("metrics", "show", "extra.json", "--precision", "2");
    expect(result.exitCode).toBe(0);
    expect(row(result.stdout, "extra.json", "ratio")).toEqual(["extra.json", "ratio", "0.67"]);
    project.remove("extra.json");
  });

  test("diff against HEAD shows old, new and delta", async () => {
    const result = await project.pivot("metrics", "diff");
    expect(result.exitCode).toBe(0);
    expect(row(result.stdout, "Path")).toEqual(["Path", "Metric", "HEAD", "workspace", "Delta", "Change"]);
    expect(row(result.stdout, "metrics.json", "acc")).toEqual(["metrics.json", "acc", "0.85", "0.9", "+0.05", "modified"]);
    expect(row(result.stdout, "metrics.json", "eval.loss")).toBeUndefined();
  });

  test("diff between two revisions, as JSON, covers every changed metric file", async () => {
    const result = await project.pivot("metrics", "diff", "--rev", "HEAD~1", "--rev", "HEAD", "--json");
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      old: "HEAD~1",
      new: "HEAD",
      changes: [
        { path: "metrics.json", key: "acc", old: 0.8, new: 0.85, delta: 0.05, change: "modified" },
        { path: "metrics.json", key: "eval.loss", old: 0.5, new: 0.4, delta: -0.1, change: "modified" },
        { path: "scores.csv", key: "precision", old: 0.7, new: 0.72, delta: 0.02, change: "modified" },
      ],
    });
  });

  test("diff --md and --unchanged list every metric", async () => {
    const result = await project.pivot("metrics", "diff", "--md", "--unchanged", "--rev", "HEAD~1");
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toBe("| Path | Metric | HEAD~1 | workspace | Delta | Change |");
    expect(lines).toContain("| metrics.json | acc | 0.8 | 0.9 | +0.1 | modified |");
    expect(lines).toContain("| eval.yaml | auc | 0.7 | 0.7 | - | unchanged |");
  });

  test("a metric added in the workspace shows as added", async () => {
    project.write("metrics.json", JSON.stringify({ acc: 0.9, eval: { loss: 0.4, f1: 0.5 } }));
    const result = await project.pivot("metrics", "diff", "--json");
    expect(JSON.parse(result.stdout).changes).toContainEqual({ path: "metrics.json", key: "eval.f1", new: 0.5, change: "added" });
    project.write("metrics.json", metrics(0.9, 0.4));
  });
});

describe("bad input", () => {
  test("an unknown revision is an error naming it", async () => {
    for (const args of [["params", "diff", "--rev", "no-such-branch"], ["metrics", "diff", "--rev", "HEAD", "--rev", "no-such-branch"]]) {
      const result = await project.pivot(...args);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain("Unknown git revision 'no-such-branch'");
      expect(hasStackTrace(result.output)).toBe(false);
    }
  });

  test("a metrics file that is not valid JSON, YAML or CSV is an error naming the file and the snapshot", async () => {
    const cases: Array<[string, string, string]> = [
      ["metrics.json", '{"acc": 0.9,', "Metrics file metrics.json (workspace) is not valid JSON"],
      ["eval.yaml", "auc: [0.7\n", "Metrics file eval.yaml (workspace) is not valid YAML"],
      ["scores.csv", "precision,recall\n0.7\n0.1,0.2,0.3\n", "Metrics file scores.csv (workspace) is not a metrics table"],
    ];
    for (const [file, content, message] of cases) {
      const before = project.read(file);
      project.write(file, content);
      const result = await project.pivot("metrics", "diff");
      project.write(file, before);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(message);
      expect(hasStackTrace(result.output)).toBe(false);
    }
  });

  test("outside a git repository, diff says so", async () => {
    const plain = makeProject({ "pivot.yaml": PIPELINE, "params.yaml": params(0.1, 1), "custom.yaml": "model: x\n" });
    const result = await plain.pivot("params", "diff");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("is not inside a git repository");
    expect(hasStackTrace(result.output)).toBe(false);
  });

  test("three revisions are a usage error", async () => {
    const result = await project.pivot("metrics", "diff", "-r", "HEAD", "-r", "HEAD~1", "-r", "HEAD");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("At most 2 revisions");
  });
});
