import { existsSync } from "node:fs";
import { type Browser, type Page, chromium } from "playwright-core";

/** Debian's Chromium; `.ci/run` installs it when missing, so browser tests always run. */
export const CHROMIUM = "/usr/bin/chromium";

/** A headless Chromium; fails with what to install when there is none at `executablePath`. */
export async function launchChromium(executablePath = CHROMIUM): Promise<Browser> {
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath} — install it with apt-get install chromium`);
  try {
    return await chromium.launch({
      executablePath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  } catch (error) {
    throw new Error(`Chromium at ${executablePath} did not start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

export interface LoadedPage {
  page: Page;
  /** Console errors and uncaught exceptions while loading. */
  errors: string[];
  /** Every request other than the page itself (a self-contained page makes none). */
  requests: string[];
}

/** Opens a local file and waits for it to finish loading. */
export async function openFile(browser: Browser, file: string): Promise<LoadedPage> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  const url = `file://${file}`;
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("request", (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  await page.goto(url, { waitUntil: "load" });
  return { page, errors, requests };
}
