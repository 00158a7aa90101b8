import { GENERATED_BY_PIVOT } from "@pivot/core/internal";
import { chartLibrarySource } from "./chart-library";
import { PAGE_SCRIPT } from "./page-script";
import type { ChartSpec } from "./plot-spec";

const escapeHtml = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");

/** JSON that is safe inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replaceAll("<", "\\u003c");

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; background: #fff; }
h1 { font-size: 20px; margin: 0 0 4px; }
.meta { color: #666; margin: 0 0 16px; }
.plot { border: 1px solid #ddd; border-radius: 6px; padding: 12px 16px; margin: 0 0 20px; }
.plot h2 { font-size: 16px; margin: 0; }
.plot .where { color: #666; margin: 2px 0 8px; font-size: 12px; }
.chart { position: relative; height: 320px; }
figure { display: inline-block; margin: 8px 16px 0 0; }
figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { color: #666; font-size: 12px; }
`;

function section(spec: ChartSpec, index: number): string {
  const where = [spec.path, spec.stage ? `stage ${spec.stage}` : undefined].filter(Boolean).join(" · ");
  const chart = spec.series.length > 0 ? `<div class="chart"><canvas id="plot-${index}" aria-label="${escapeHtml(spec.title)}"></canvas></div>` : "";
  const images = spec.images
    .map((image) => `<figure><img src="${image.dataUri}" alt="${escapeHtml(spec.path)}"><figcaption>${escapeHtml(image.label)}</figcaption></figure>`)
    .join("");
  const series = escapeHtml(JSON.stringify(spec.series.map((s) => s.label)));
  return `<section class="plot" data-path="${escapeHtml(spec.path)}" data-template="${spec.template}" data-series="${series}">
<h2>${escapeHtml(spec.title)}</h2><p class="where">${escapeHtml(where)}</p>${chart}${images}</section>`;
}

/**
 * A self-contained page: the chart library, the data and the drawing script are all inlined, and
 * a content security policy forbids any network access, so the file opens anywhere offline.
 */
export function renderPlotPage(specs: readonly ChartSpec[], heading: string): string {
  const data = specs.map(({ images: _images, ...spec }) => ({ ...spec, images: [] }));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
${GENERATED_BY_PIVOT}
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(heading)}</title>
<style>${STYLE}</style>
<script>${chartLibrarySource()}</script>
</head>
<body>
<h1>${escapeHtml(heading)}</h1>
<p class="meta">${specs.length} plot${specs.length === 1 ? "" : "s"} · made by pivot</p>
${specs.map(section).join("\n")}
<script type="application/json" id="pivot-plot-specs">${scriptJson(data)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
