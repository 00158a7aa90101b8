import { afterAll, describe, expect, test } from "bun:test";
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../support/browser";
import { commitAll, initGitRepo } from "../support/git-repo";
import { type TestProject, makeProject } from "../support/project";
import { startTestFile } from "../support/start-test-file";
import { type UiProcess, startUi } from "../support/ui-process";

const DEMO = resolve(import.meta.dir, "../../examples/demo");
const DEMO_STAGES = ["generate", "clean", "aggregate@mean", "aggregate@max", "metrics"];

const FAILING = `stages:
  prepare:
    cmd: echo ready > ready.txt
    outs: [ready.txt]
  explode:
    cmd: echo 'the model diverged' >&2 && exit 3
    deps: [ready.txt]
    outs: [never.txt]
`;

let browser: Browser;
let demo: TestProject;
let failing: TestProject;
let demoUi: UiProcess;
let failingUi: UiProcess;
const pages: Page[] = [];

/** A copy of examples/demo with no run recorded yet. */
function demoProject(): TestProject {
  const project = makeProject({}, { init: false });
  cpSync(DEMO, project.root, { recursive: true, filter: (src) => !/\/\.pivot\/(stages|runs|state\.db|cache)/.test(src) && !src.includes("/data/") });
  return project;
}

async function openUi(ui: UiProcess): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  pages.push(page);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(ui.url, { waitUntil: "load" });
  (page as Page & { errors?: string[] }).errors = errors;
  return page;
}

const stateOf = (page: Page, stage: string) => page.$eval(`g.stage[data-stage="${stage}"]`, (el) => el.getAttribute("data-state"));

async function waitForStates(page: Page, expected: Record<string, string>, timeoutMs = 30_000): Promise<void> {
  await page
    .waitForFunction(
      (want) => {
        const doc = (globalThis as unknown as { document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null } }).document;
        return Object.entries(want).every(([id, state]) => doc.querySelector(`g.stage[data-stage="${id}"]`)?.getAttribute("data-state") === state);
      },
      expected,
      { timeout: timeoutMs },
    )
    .catch(async (error) => {
      const now = await page.$$eval("g.stage", (els) => els.map((el) => `${el.getAttribute("data-stage")}=${el.getAttribute("data-state")}`).join(", "));
      throw new Error(`states never became ${JSON.stringify(expected)}; now: ${now}`, { cause: error });
    });
}

const shot = (project: TestProject, name: string, page: Page) => {
  mkdirSync(project.path("screenshots"), { recursive: true });
  return page.screenshot({ path: project.path(`screenshots/${name}.png`) });
};

await startTestFile(import.meta, async () => {
  browser = await launchChromium();
  demo = demoProject();
  failing = makeProject({ "pivot.yaml": FAILING });
  [demoUi, failingUi] = await Promise.all([startUi(demo.root, ["--allow-run"]), startUi(failing.root)]);
});

afterAll(async () => {
  for (const page of pages) await page.close().catch(() => {});
  await browser?.close();
  await demoUi?.stop();
  await failingUi?.stop();
});

describe("pivot ui", () => {
  test("the page draws every stage of the demo, stale before its first run", async () => {
    const page = await openUi(demoUi);
    await waitForStates(page, Object.fromEntries(DEMO_STAGES.map((id) => [id, "stale"])));
    const drawn = await page.$$eval("g.stage", (els) => els.map((el) => el.getAttribute("data-stage")));
    expect(drawn.sort()).toEqual([...DEMO_STAGES].sort());
    expect(await page.$$eval("path.edge", (els) => els.length)).toBe(5);
    expect(await page.$eval('g.stage[data-stage="clean"] title', (el) => el.textContent)).toContain("never ran");
    await shot(demo, "demo-stale", page);
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
  });

  test("a repro run in another process turns the stale nodes green without a reload", async () => {
    const page = await openUi(demoUi);
    await waitForStates(page, { generate: "stale", metrics: "stale" });
    // Every state each node passes through, to show the colours came from the live feed.
    await page.evaluate(() => {
      const g = globalThis as unknown as { sameDocument: boolean; seen: string[]; MutationObserver: new (cb: (records: Array<{ target: { getAttribute(n: string): string | null } }>) => void) => { observe(target: unknown, options: unknown): void }; document: { getElementById(id: string): unknown } };
      g.sameDocument = true;
      g.seen = [];
      new g.MutationObserver((records) => {
        for (const record of records) g.seen.push(`${record.target.getAttribute("data-stage")}=${record.target.getAttribute("data-state")}`);
      }).observe(g.document.getElementById("dag"), { attributes: true, attributeFilter: ["data-state"], subtree: true });
    });
    const repro = await demo.pivot("repro");
    expect(repro.exitCode).toBe(0);
    await waitForStates(page, Object.fromEntries(DEMO_STAGES.map((id) => [id, "up-to-date"])));
    expect(await page.evaluate(() => (globalThis as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    const seen = await page.evaluate(() => (globalThis as unknown as { seen: string[] }).seen);
    expect(seen).toContain("generate=running");
    expect(seen.indexOf("generate=running")).toBeLessThan(seen.indexOf("generate=up-to-date"));
    await page.click('g.stage[data-stage="clean"]');
    await page.waitForSelector("#detail pre.log");
    const panel = await page.$eval("#detail", (el) => el.textContent ?? "");
    expect(panel).toContain("data/raw.csv");
    expect(panel).toContain(".pivot/stages/clean.lock");
    expect(panel).toContain("kept");
    await shot(demo, "demo-after-repro", page);
  });

  test("history lists the run with each stage's outcome and duration", async () => {
    const page = await openUi(demoUi);
    await page.click('header nav button[data-tab="history"]');
    await page.waitForSelector("#history tr.run-row");
    await page.click("#history tr.run-row");
    const rows = await page.$$eval("#history tr.run-stages:not([hidden]) tr", (els) => els.map((el) => el.textContent ?? ""));
    expect(rows.some((row) => row.includes("generate") && row.includes("ran"))).toBe(true);
    expect(rows.length).toBe(DEMO_STAGES.length + 1);
  });

  test("the metrics panel shows the demo's metrics", async () => {
    const page = await openUi(demoUi);
    await page.click('header nav button[data-tab="metrics"]');
    await page.waitForSelector("#metrics table", { timeout: 30_000 });
    const text = await page.$eval("#metrics", (el) => el.textContent ?? "");
    expect(text).toContain("metrics.json");
    expect(text).toContain("readings");
  });

  test("a failed stage shows red with its error, also after the page reloads", async () => {
    const page = await openUi(failingUi);
    await waitForStates(page, { prepare: "stale", explode: "stale" });
    const repro = await failing.pivot("repro");
    expect(repro.exitCode).not.toBe(0);
    await waitForStates(page, { prepare: "up-to-date", explode: "failed" });
    await page.click('g.stage[data-stage="explode"]');
    await page.waitForSelector("#detail pre.stage-error");
    expect(await page.$eval("#detail pre.stage-error", (el) => el.textContent)).toContain("exit");
    expect(await page.$eval("#detail pre.log", (el) => el.textContent)).toContain("the model diverged");
    await shot(failing, "failed-stage", page);
    const fresh = await openUi(failingUi);
    await waitForStates(fresh, { prepare: "up-to-date", explode: "failed" });
    expect(await stateOf(fresh, "explode")).toBe("failed");
  });

  test("requests without the session token get 403", async () => {
    for (const path of ["/", "/api/states", "/api/graph", "/api/events", "/api/history", `/api/file?path=pivot.yaml`]) {
      const none = await fetch(`${demoUi.origin}${path}`);
      expect({ path, status: none.status }).toEqual({ path, status: 403 });
      const wrong = await fetch(`${demoUi.origin}${path}${path.includes("?") ? "&" : "?"}token=${"x".repeat(demoUi.token.length)}`);
      expect({ path, status: wrong.status }).toEqual({ path, status: 403 });
    }
    const ok = await fetch(`${demoUi.origin}/api/file?path=pivot.yaml&token=${demoUi.token}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("stages:");
  });

  test("a path outside the project is refused, symlinks out included", async () => {
    const outside = join(tmpdir(), `pivot-ui-outside-${process.pid}.txt`);
    writeFileSync(outside, "secret\n");
    symlinkSync(outside, demo.path("leak.txt"));
    for (const path of ["../outside.txt", "data/../../x", outside, "/etc/passwd", "leak.txt"]) {
      const response = await fetch(`${demoUi.origin}/api/file?${new URLSearchParams({ path, token: demoUi.token })}`);
      const body = await response.text();
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      expect(body).toContain("PATH_OUTSIDE_PROJECT");
      expect(body).not.toContain("secret");
    }
  });

  test("the run button is off without --allow-run", async () => {
    const response = await fetch(`${failingUi.origin}/api/run?token=${failingUi.token}`, { method: "POST", body: "{}" });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("--allow-run");
  });

  test("with --allow-run the page's Run button runs a stage", async () => {
    demo.write("params.yaml", demo.read("params.yaml").replace(/rows: \d+/, "rows: 500"));
    const page = await openUi(demoUi);
    await page.click('#recheck');
    await waitForStates(page, { generate: "stale" });
    await page.click('g.stage[data-stage="generate"]');
    await page.click('#detail button[data-run="generate"]');
    await waitForStates(page, { generate: "up-to-date" });
  });

  test("--all draws every pipeline in its own frame, with the edges between them", async () => {
    const project = makeProject({}, { init: false });
    cpSync(resolve(import.meta.dir, "../../examples/monorepo"), project.root, { recursive: true, filter: (src) => !/\/\.pivot\/(stages|runs|state\.db|cache)/.test(src) });
    const ui = await startUi(project.root, ["--all"]);
    try {
      const graph = (await (await fetch(`${ui.origin}/api/graph?token=${ui.token}`)).json()) as {
        nodes: Array<{ id: string; pipeline: string; x: number; y: number; width: number }>;
        edges: Array<{ from: string; to: string }>;
        groups: Array<{ name: string; x: number; y: number; width: number; height: number }>;
      };
      expect(graph.groups.length).toBe(3);
      for (const node of graph.nodes) {
        const frame = graph.groups.find((g) => g.name === node.pipeline)!;
        expect(node.x >= frame.x && node.x + node.width <= frame.x + frame.width && node.y >= frame.y && node.y <= frame.y + frame.height).toBe(true);
      }
      const pipelineOf = new Map(graph.nodes.map((n) => [n.id, n.pipeline]));
      expect(graph.edges.some((e) => pipelineOf.get(e.from) !== pipelineOf.get(e.to))).toBe(true);
    } finally {
      await ui.stop();
    }
  });

  test("metrics and plots panels show the workspace and a diff against a git revision", async () => {
    const project = makeProject({
      "pivot.yaml": "stages:\n  train:\n    cmd: cp in/loss.csv loss.csv && cp in/m.json m.json\n    deps: [in/loss.csv, in/m.json]\n    plots: [{path: loss.csv, x: step, y: loss}]\n    metrics: [{path: m.json, cache: false}]\n",
      "in/loss.csv": "step,loss\n0,1\n1,0.5\n",
      "in/m.json": '{"acc": 0.9}',
    });
    initGitRepo(project.root);
    expect((await project.pivot("repro")).exitCode).toBe(0);
    commitAll(project.root, "first");
    project.write("in/m.json", '{"acc": 0.95}');
    expect((await project.pivot("repro")).exitCode).toBe(0);
    const ui = await startUi(project.root);
    try {
      const get = (path: string) => fetch(`${ui.origin}${path}${path.includes("?") ? "&" : "?"}token=${ui.token}`);
      expect(await (await get("/api/metrics")).json()).toEqual({ "m.json": { acc: 0.95 } });
      const diff = (await (await get("/api/metrics?rev=HEAD")).json()) as { old: string; changes: Array<{ key: string; old: number; new: number }> };
      expect(diff.old).toBe("HEAD");
      expect(diff.changes.map((c) => [c.key, c.old, c.new])).toEqual([["acc", 0.9, 0.95]]);
      expect((await get("/api/metrics?rev=--force")).status).toBe(400);
      const plots = await (await get("/api/plots?rev=HEAD")).text();
      expect(plots).toContain("HEAD vs workspace");
      expect(plots).toContain("loss.csv");
    } finally {
      await ui.stop();
    }
  });

  test("Ctrl-C stops the server cleanly", async () => {
    const ui = await startUi(failing.root);
    expect(await ui.stop()).toBe(0);
    expect(ui.output()).toContain("pivot ui stopped.");
    expect(await fetch(ui.origin).catch(() => "refused")).toBe("refused");
  });
});
