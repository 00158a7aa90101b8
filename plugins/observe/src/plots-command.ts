import { defineCommand } from "citty";
import { allPipelinesArgs, completes, openInBrowser, openProject, print, printJson } from "@pivot/core/internal";
import { positionalsOf, revisionsOf, diffRevArg } from "./cli-options";
import { diffSnapshots, showSnapshot } from "./git/snapshot";
import { plotFilesAt, plotSources } from "./plots/collect-plots";
import { chartsOf, compareCharts, writePlotPage } from "./plots/plot-report";
import { resolveFileTargets } from "./stage-targets";
import { renderTable } from "./table/render-table";

const DEFAULT_OUTPUT = "pivot_plots/index.html";

const common = {
  targets: { type: "positional", required: false, description: "Stages or plot files/folders; default: every stage's plots", ...completes("stages-or-files") },
  output: { type: "string", alias: "o", valueHint: "FILE", description: `Where to write the page (default ${DEFAULT_OUTPUT})`, ...completes("files") },
  open: { type: "boolean", description: "Open the page in the browser" },
  force: { type: "boolean", alias: "f", description: "Replace an existing --output file pivot did not write" },
  json: { type: "boolean", description: "Print a JSON summary" },
  ...allPipelinesArgs,
} as const;

const showCommand = defineCommand({
  meta: { name: "show", description: "Draw the plots of the workspace (or --rev) into a self-contained HTML page" },
  args: { ...common, rev: { type: "string", alias: "r", valueHint: "REV", description: "Draw the plots as they were at this git revision" } },
  async run({ args, rawArgs }) {
    const [rev] = revisionsOf(rawArgs, 1);
    const project = await openProject({ all: args.all, strict: args.strict });
    try {
      const snapshot = showSnapshot(project.root, rev);
      const files = plotFilesAt(project, plotSources(project, resolveFileTargets(project, positionalsOf(args))), snapshot);
      if (files.size === 0) return args.json ? printJson({ output: null, plots: [] }) : print("No plots found.");
      const charts = chartsOf(files, snapshot);
      const file = writePlotPage(args.output || DEFAULT_OUTPUT, charts, `Pivot plots · ${snapshot.label}`, args.force);
      if (args.json) printJson({ output: file, plots: charts.map((c) => ({ path: c.path, stage: c.stage, series: c.series.map((s) => s.label) })) });
      else print(`Wrote ${charts.length} plot${charts.length === 1 ? "" : "s"} to ${file}`);
      if (args.open) openInBrowser(file);
    } finally {
      project.close();
    }
  },
});

const diffCommand = defineCommand({
  meta: { name: "diff", description: "Overlay plots of two snapshots (HEAD vs workspace, --rev A, or --rev A --rev B) in one page" },
  args: {
    ...common,
    ...diffRevArg,
    md: { type: "boolean", description: "Print the change summary as a markdown table" },
  },
  async run({ args, rawArgs }) {
    const revs = revisionsOf(rawArgs, 2);
    const project = await openProject({ all: args.all, strict: args.strict });
    try {
      const sources = plotSources(project, resolveFileTargets(project, positionalsOf(args)));
      const sides = diffSnapshots(project.root, revs);
      const labels = { old: sides.old.label, new: sides.new.label };
      const { charts, changes } = compareCharts(plotFilesAt(project, sources, sides.old), plotFilesAt(project, sources, sides.new), labels);
      if (charts.length === 0) return args.json ? printJson({ ...labels, output: null, changes }) : print("No plots found.");
      const file = writePlotPage(args.output || DEFAULT_OUTPUT, charts, `Pivot plots · ${labels.old} vs ${labels.new}`, args.force);
      if (args.json) printJson({ ...labels, output: file, changes });
      else {
        print(renderTable(["Path", "Change"], changes.map((c) => [c.path, c.change]), args.md ? "md" : "text"));
        print(`Wrote ${charts.length} plot${charts.length === 1 ? "" : "s"} (${labels.old} vs ${labels.new}) to ${file}`);
      }
      if (args.open) openInBrowser(file);
    } finally {
      project.close();
    }
  },
});

export const plotsCommand = defineCommand({
  meta: { name: "plots", description: "Draw plots into an HTML page, or overlay them across git revisions" },
  subCommands: { show: showCommand, diff: diffCommand },
});
