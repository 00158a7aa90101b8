import { afterAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright-core";
import { launchChromium, openFile } from "../support/browser";
import { commitAll, initGitRepo } from "../support/git-repo";
import { type TestProject, hasStackTrace, makeProject } from "../support/project";
import { startTestFile } from "../support/start-test-file";

const PIPELINE = `stages:
  train:
    cmd: cp inputs/loss.csv loss.csv && cp inputs/confusion.json confusion.json
    deps: [inputs/loss.csv, inputs/confusion.json]
    plots:
      - {path: loss.csv, x: step, y: [loss, acc], template: line, title: Training curve}
      - {path: confusion.json, x: label, y: count, template: bar}
  evaluate:
    cmd: cp loss.csv eval.tsv.tmp && tr , '\\t' < eval.tsv.tmp > eval.tsv && rm eval.tsv.tmp
    deps: [loss.csv]
    plots: [{path: eval.tsv, x: step, y: loss, template: scatter}]
`;

const LOSS_V1 = "step,loss,acc\n0,0.9,0.1\n1,0.6,0.4\n2,0.4,0.7\n";
const LOSS_V2 = "step,loss,acc\n0,0.8,0.2\n1,0.5,0.5\n2,0.3,0.8\n3,0.2,0.9\n";
const CONFUSION = JSON.stringify({ rows: [{ label: "cat", count: 7 }, { label: "dog", count: 3 }] });

let project: TestProject;
let browser: Browser;

interface ChartState {
  type: string;
  labels: string[];
  lengths: number[];
}

/** The Chart.js charts the page drew (from `window.pivotCharts`). */
async function chartsIn(file: string): Promise<{ charts: ChartState[]; errors: string[]; requests: string[]; sections: string[] }> {
  const { page, errors, requests } = await openFile(browser, file);
  const charts = (await page.evaluate(() =>
    // biome-ignore lint/suspicious/noExplicitAny: Chart.js instances in the page.
    (globalThis as any).pivotCharts.map((chart: any) => ({
      type: chart.config.type,
      labels: chart.data.datasets.map((d: { label: string }) => d.label),
      lengths: chart.data.datasets.map((d: { data: unknown[] }) => d.data.length),
    })),
  )) as ChartState[];
  const sections = await page.$$eval("section.plot", (nodes) => nodes.map((node) => node.getAttribute("data-path") ?? ""));
  await page.close();
  return { charts, errors, requests, sections };
}

await startTestFile(import.meta, async () => {
  browser = await launchChromium();
  project = makeProject({ "pivot.yaml": PIPELINE, "inputs/loss.csv": LOSS_V1, "inputs/confusion.json": CONFUSION });
  initGitRepo(project.root);
  expect((await project.pivot("repro")).exitCode).toBe(0);
  commitAll(project.root, "first run");
  project.write("inputs/loss.csv", LOSS_V2);
  expect((await project.pivot("repro")).exitCode).toBe(0);
});

afterAll(async () => {
  await browser?.close();
});

describe("pivot plots", () => {
  test("show writes a self-contained page that draws every series in Chromium", async () => {
    const result = await project.pivot("plots", "show", "-o", "out/plots.html");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("Wrote 3 plots to");
    const page = await chartsIn(project.path("out/plots.html"));
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([]);
    expect(page.sections).toEqual(["loss.csv", "confusion.json", "eval.tsv"]);
    expect(page.charts).toEqual([
      { type: "line", labels: ["loss", "acc"], lengths: [4, 4] },
      { type: "bar", labels: ["count"], lengths: [2] },
      { type: "scatter", labels: ["loss"], lengths: [4] },
    ]);
  });

  test("diff overlays HEAD and the workspace in one page and lists what changed", async () => {
    const result = await project.pivot("plots", "diff", "--json");
    expect(result.exitCode).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.changes).toEqual([
      { path: "loss.csv", change: "modified" },
      { path: "confusion.json", change: "unchanged" },
      { path: "eval.tsv", change: "modified" },
    ]);
    const page = await chartsIn(summary.output);
    expect(page.errors).toEqual([]);
    expect(page.charts[0]).toEqual({ type: "line", labels: ["HEAD: loss", "HEAD: acc", "workspace: loss", "workspace: acc"], lengths: [3, 3, 4, 4] });
  });

  test("a plot naming a column its data lacks is an error naming the file and the column", async () => {
    project.write("pivot.yaml", PIPELINE.replace("y: [loss, acc]", "y: [lose, acc]"));
    const result = await project.pivot("plots", "show");
    project.write("pivot.yaml", PIPELINE);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("Plot loss.csv (workspace) has no column 'lose'");
    expect(result.stderr).toContain("Did you mean 'loss'");
    expect(hasStackTrace(result.output)).toBe(false);
  });

  test("--open hands the page to the system opener", async () => {
    project.write("bin/xdg-open", `#!/bin/sh\necho "$1" > "${project.path("opened.txt")}"\n`, 0o755);
    const result = await project.pivotWith({ env: { PATH: `${project.path("bin")}:${process.env.PATH}` } }, "plots", "show", "--open");
    expect(result.exitCode).toBe(0);
    for (let i = 0; i < 50 && !project.exists("opened.txt"); i++) await Bun.sleep(20);
    expect(project.read("opened.txt").trim()).toBe(`file://${project.path("pivot_plots/index.html")}`);
  });
});

describe("generated pages never replace a user's file", () => {
  test("an --output file pivot did not write is left alone unless --force; its own pages are replaced", async () => {
    project.write("notes.html", "my notes\n");
    for (const args of [["plots", "show", "--output", "notes.html"], ["dag", "--html", "--output", "notes.html"]]) {
      const refused = await project.pivot(...args);
      expect(refused.exitCode).toBe(1);
      expect(refused.stderr).toContain("notes.html exists and was not written by pivot");
      expect(project.read("notes.html")).toBe("my notes\n");
    }
    expect((await project.pivot("plots", "show", "--output", "page.html")).exitCode).toBe(0);
    expect((await project.pivot("dag", "--html", "--output", "page.html")).exitCode).toBe(0);
    expect((await project.pivot("plots", "show", "--output", "notes.html", "--force")).exitCode).toBe(0);
    expect(project.read("notes.html")).toContain("<!doctype html>");
  });
});

describe("pivot dag --html", () => {
  test("draws every stage and edge as SVG in a page that loads cleanly", async () => {
    const result = await project.pivot("dag", "--html", "--output", "dag.html");
    expect(result.exitCode).toBe(0);
    const { page, errors, requests } = await openFile(browser, project.path("dag.html"));
    const stages = await page.$$eval("g.stage", (nodes) => nodes.map((node) => node.getAttribute("data-stage")));
    const edges = await page.$$eval("path.edge", (nodes) => nodes.map((node) => `${node.getAttribute("data-from")}->${node.getAttribute("data-to")}`));
    await page.close();
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(stages).toEqual(["train", "evaluate"]);
    expect(edges).toEqual(["train->evaluate"]);
  });
});
