import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { GraphModel } from "../state/graph-model";

let assets: { css: string; script: string } | undefined;

/** The stylesheet and the browser script (plain JS, no build step), read once. */
function pageAssets(): { css: string; script: string } {
  assets ??= {
    css: readFileSync(join(import.meta.dir, "ui-page.css"), "utf8"),
    script: readFileSync(join(import.meta.dir, "ui-page.js"), "utf8").replaceAll("</script", "<\\/script"),
  };
  return assets;
}

const escapeHtml = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** JSON inside a <script> element: `<` escaped so no value can end the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replaceAll("<", "\\u003c");

export interface PageInput {
  token: string;
  graph: GraphModel;
  states: unknown;
  allowRun: boolean;
  title: string;
}

/**
 * The one page of `pivot ui`: the graph and the states known now are embedded, so the DAG is
 * drawn from the first response without another request; the live feed then keeps it current.
 */
export function renderPage(input: PageInput): string {
  const { css, script } = pageAssets();
  const data = { token: input.token, graph: input.graph, states: input.states, allowRun: input.allowRun };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>pivot ui · ${escapeHtml(input.title)}</title>
<style>${css}</style>
</head>
<body>
<header>
  <strong class="brand">pivot</strong><span class="title">${escapeHtml(input.title)}</span>
  <nav><button data-tab="dag" class="active">DAG</button><button data-tab="history">History</button><button data-tab="metrics">Metrics</button><button data-tab="plots">Plots</button></nav>
  <input id="search" type="search" placeholder="Search stages (/)" autocomplete="off">
  ${input.allowRun ? '<button id="run-all" class="run">Run pipeline</button>' : ""}
  <button id="recheck" title="Check the states again, as pivot status does">Re-check</button>
  <span id="status" class="status"></span>
</header>
<main>
  <section id="tab-dag" class="tab active">
    <div id="legend"></div>
    <svg id="dag" xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet"></svg>
    <aside id="detail" hidden></aside>
  </section>
  <section id="tab-history" class="tab"><div id="history"></div></section>
  <section id="tab-metrics" class="tab"><form class="rev"><label>Compare with git revision <input name="rev" placeholder="e.g. HEAD"></label><button>Show</button></form><div id="metrics"></div></section>
  <section id="tab-plots" class="tab"><form class="rev"><label>Compare with git revision <input name="rev" placeholder="e.g. HEAD"></label><button>Show</button></form><iframe id="plots" sandbox="allow-scripts" title="Plots"></iframe></section>
</main>
<script type="application/json" id="pivot-data">${scriptJson(data)}</script>
<script>${script}</script>
</body>
</html>
`;
}
