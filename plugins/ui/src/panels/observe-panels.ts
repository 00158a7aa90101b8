import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { checkRevision, runPivotChild } from "./pivot-child";

/**
 * The metrics and plots panels, from `pivot metrics … --json` and `pivot plots … -o` run as child
 * processes: the observe plugin's collectors and page exactly, through its documented interface.
 */
export interface ObserveOptions {
  cwd: string;
  all: boolean;
  /** Where plot pages are written (a folder of the session, outside the project). */
  scratchDir: string;
}

export type PanelResult = { ok: true; body: unknown } | { ok: false; error: string };

function failure(what: string, stderr: string): PanelResult {
  return { ok: false, error: stderr.trim() || `pivot ${what} failed` };
}

/** `metrics show --json`, or with `rev` `metrics diff --json --rev rev` (rev vs the workspace). */
export async function metricsPanel(options: ObserveOptions, rev?: string): Promise<PanelResult> {
  const args = rev ? ["metrics", "diff", "--json", "--unchanged", "--rev", checkRevision(rev)] : ["metrics", "show", "--json"];
  const result = await runPivotChild([...args, ...(options.all ? ["--all"] : [])], options.cwd);
  if (result.exitCode !== 0) return failure("metrics", result.stderr);
  try {
    return { ok: true, body: JSON.parse(result.stdout) };
  } catch {
    return failure("metrics", `unexpected output: ${result.stdout.slice(0, 200)}`);
  }
}

/** The HTML page of `plots show` (or `plots diff --rev rev`), or a short page saying why there is none. */
export async function plotsPage(options: ObserveOptions, rev?: string): Promise<{ html: string; status: number }> {
  const file = join(options.scratchDir, `plots-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.html`);
  const args = rev ? ["plots", "diff", "--rev", checkRevision(rev)] : ["plots", "show"];
  try {
    const result = await runPivotChild([...args, "-o", file, "--force", ...(options.all ? ["--all"] : [])], options.cwd);
    if (result.exitCode !== 0) return { html: message(result.stderr.trim() || "pivot plots failed"), status: 500 };
    if (!existsSync(file)) return { html: message(result.stdout.trim() || "No plots found."), status: 200 };
    return { html: readFileSync(file, "utf8"), status: 200 };
  } finally {
    rmSync(file, { force: true });
  }
}

function message(text: string): string {
  const escaped = text.replaceAll("&", "&amp;").replaceAll("<", "&lt;");
  return `<!doctype html><meta charset="utf-8"><body style="font:14px system-ui,sans-serif;color:#555;margin:24px"><pre style="white-space:pre-wrap">${escaped}</pre></body>`;
}
