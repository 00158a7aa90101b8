import { allPipelinesArgs, completes, openInBrowser, print, printJson } from "@pivot/core/internal";
import { plotFilesAt, plotSources } from "./plots/collect-plots";
import { chartsOf, compareCharts, writePlotPage } from "./plots/plot-report";
import { snapshotCommands } from "./snapshot-commands";
import { resolveFileTargets } from "./stage-targets";
import { renderTable } from "./table/render-table";

const DEFAULT_OUTPUT = "pivot_plots/index.html";

export const plotsCommand = snapshotCommands({
  name: "plots",
  description: "Draw plots into an HTML page, or overlay them across git revisions",
  args: {
    targets: { type: "positional", required: false, description: "Stages or plot files/folders; default: every stage's plots", ...completes("stages-or-files") },
    output: { type: "string", alias: "o", valueHint: "FILE", description: `Where to write the page (default ${DEFAULT_OUTPUT})`, ...completes("files") },
    open: { type: "boolean", description: "Open the page in the browser" },
    force: { type: "boolean", alias: "f", description: "Replace an existing --output file pivot did not write" },
    json: { type: "boolean", description: "Print a JSON summary" },
    ...allPipelinesArgs,
  },
  show: {
    description: "Draw the plots of the workspace (or --rev) into a self-contained HTML page",
    revDescription: "Draw the plots as they were at this git revision",
    run({ project, args, targets, snapshot }) {
      const files = plotFilesAt(project, plotSources(project, resolveFileTargets(project, targets)), snapshot);
      if (files.size === 0) return args.json ? printJson({ output: null, plots: [] }) : print("No plots found.");
      const charts = chartsOf(files, snapshot);
      const file = writePlotPage(args.output || DEFAULT_OUTPUT, charts, `Pivot plots · ${snapshot.label}`, args.force);
      if (args.json) printJson({ output: file, plots: charts.map((c) => ({ path: c.path, stage: c.stage, series: c.series.map((s) => s.label) })) });
      else print(`Wrote ${charts.length} plot${charts.length === 1 ? "" : "s"} to ${file}`);
      if (args.open) openInBrowser(file);
    },
  },
  diff: {
    description: "Overlay plots of two snapshots (HEAD vs workspace, --rev A, or --rev A --rev B) in one page",
    args: { md: { type: "boolean", description: "Print the change summary as a markdown table" } },
    run({ project, args, targets, sides, labels }) {
      const sources = plotSources(project, resolveFileTargets(project, targets));
      const { charts, changes } = compareCharts(plotFilesAt(project, sources, sides.old), plotFilesAt(project, sources, sides.new), labels);
      if (charts.length === 0) return args.json ? printJson({ ...labels, output: null, changes }) : print("No plots found.");
      const file = writePlotPage(args.output || DEFAULT_OUTPUT, charts, `Pivot plots · ${labels.old} vs ${labels.new}`, args.force);
      if (args.json) printJson({ ...labels, output: file, changes });
      else {
        print(renderTable(["Path", "Change"], changes.map((c) => [c.path, c.change]), args.md ? "md" : "text"));
        print(`Wrote ${charts.length} plot${charts.length === 1 ? "" : "s"} (${labels.old} vs ${labels.new}) to ${file}`);
      }
      if (args.open) openInBrowser(file);
    },
  },
});
