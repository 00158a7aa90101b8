import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { launchChromium } from "../support/browser";
import { type TestProject, makeProject } from "../support/project";
import { startTestFile } from "../support/start-test-file";
import { type UiProcess, startUi } from "../support/ui-process";

const STAGES = 1000;
/** The budget: the page of a 1000-stage pipeline shows in under a second. */
const BUDGET_MS = 1000;

/** A 1000-stage tree: stage i reads the output of stage (i-1)/3, so the DAG is wide and seven layers deep. */
function largePipeline(): string {
  const lines = ["stages:"];
  for (let i = 0; i < STAGES; i++) {
    lines.push(`  stage_${i}:`, `    cmd: echo ${i} > out/s${i}.txt`, `    outs: [out/s${i}.txt]`);
    if (i > 0) lines.push(`    deps: [out/s${Math.floor((i - 1) / 3)}.txt]`);
  }
  return `${lines.join("\n")}\n`;
}

let browser: Browser;
let project: TestProject;
let ui: UiProcess;

await startTestFile(import.meta, async () => {
  browser = await launchChromium();
  project = makeProject({ "pivot.yaml": largePipeline(), "out/": "" });
  ui = await startUi(project.root);
  // The server's first state check runs beside the page; measure the page, not that check.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const states = (await (await fetch(`${ui.origin}/api/states?token=${ui.token}`)).json()) as { source: string; stages: unknown[] };
    if (states.source !== "pending" && states.stages.length === STAGES) break;
    if (Date.now() > deadline) throw new Error("the first state check of 1000 stages took over 60 s");
    await Bun.sleep(200);
  }
});

afterAll(async () => {
  await browser?.close();
  await ui?.stop();
});

describe("pivot ui on 1000 stages", () => {
  test("the page draws all 1000 nodes, coloured, within the budget from navigation start", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(ui.url, { waitUntil: "load" });
    await page.waitForFunction(() => (globalThis as unknown as { pivotUi?: { paintedAtMs: number } }).pivotUi?.paintedAtMs! > 0, undefined, { timeout: 30_000 });
    const timing = await page.evaluate(() => {
      const ui = (globalThis as unknown as { pivotUi: { renderedAtMs: number; paintedAtMs: number } }).pivotUi;
      return { rendered: ui.renderedAtMs, painted: ui.paintedAtMs };
    });
    const nodes = await page.$$eval("g.stage", (els) => els.length);
    const stale = await page.$$eval('g.stage[data-state="stale"]', (els) => els.length);
    mkdirSync(project.path("screenshots"), { recursive: true });
    await page.screenshot({ path: project.path("screenshots/1000-stages.png") });
    console.log(`1000-stage page: drawn at ${timing.rendered.toFixed(0)} ms, painted at ${timing.painted.toFixed(0)} ms after navigation start`);
    expect(nodes).toBe(STAGES);
    expect(stale).toBe(STAGES);
    expect(timing.painted).toBeLessThan(BUDGET_MS);
    await page.close();
  });
});
