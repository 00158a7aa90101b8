import { defineCommand } from "citty";
import { allPipelinesArgs, completes, openProject, print, printJson, warn } from "@pivot/core/internal";
import { formatOf, positionalsOf, precisionOf, revisionsOf, diffRevArg } from "./cli-options";
import { diffSnapshots, showSnapshot } from "./git/snapshot";
import { metricSources, metricsAt } from "./metrics/collect-metrics";
import { diffMetrics, renderMetricChanges, renderMetrics } from "./metrics/metrics-report";
import { resolveFileTargets } from "./stage-targets";

const common = {
  targets: { type: "positional", required: false, description: "Stages or metric files/folders; default: every stage's metrics", ...completes("stages-or-files") },
  json: { type: "boolean", description: "Print JSON" },
  md: { type: "boolean", description: "Print a GitHub-markdown table" },
  precision: { type: "string", valueHint: "N", description: "Digits after the point for numbers in tables (default 5)" },
  ...allPipelinesArgs,
} as const;

const showCommand = defineCommand({
  meta: { name: "show", description: "Metric values from the workspace (or --rev)" },
  args: { ...common, rev: { type: "string", alias: "r", valueHint: "REV", description: "Read the metrics at this git revision" } },
  async run({ args, rawArgs }) {
    const [rev] = revisionsOf(rawArgs, 1);
    const precision = precisionOf(args.precision);
    const project = await openProject({ all: args.all, strict: args.strict });
    try {
      const sources = metricSources(project, resolveFileTargets(project, positionalsOf(args)));
      const snapshot = showSnapshot(project.root, rev);
      const metrics = metricsAt(project, sources, snapshot);
      for (const source of sources) {
        if (!source.isDir && !metrics.has(source.path)) warn(`${source.path}${source.stage ? ` (stage ${source.stage.id})` : ""} does not exist in the ${snapshot.label === "workspace" ? "workspace" : `revision ${snapshot.label}`}`);
      }
      const format = formatOf(args);
      if (format === "json") return printJson(Object.fromEntries(metrics));
      print(metrics.size === 0 ? "No metrics found." : renderMetrics(metrics, format, precision));
    } finally {
      project.close();
    }
  },
});

const diffCommand = defineCommand({
  meta: { name: "diff", description: "Metric changes: workspace vs HEAD, vs --rev A, or --rev A vs --rev B" },
  args: {
    ...common,
    ...diffRevArg,
    unchanged: { type: "boolean", description: "Also list metrics that did not change" },
  },
  async run({ args, rawArgs }) {
    const revs = revisionsOf(rawArgs, 2);
    const precision = precisionOf(args.precision);
    const project = await openProject({ all: args.all, strict: args.strict });
    try {
      const sources = metricSources(project, resolveFileTargets(project, positionalsOf(args)));
      const sides = diffSnapshots(project.root, revs);
      const changes = diffMetrics(metricsAt(project, sources, sides.old), metricsAt(project, sources, sides.new), { unchanged: Boolean(args.unchanged) });
      const labels = { old: sides.old.label, new: sides.new.label };
      const format = formatOf(args);
      if (format === "json") return printJson({ ...labels, changes });
      print(changes.length === 0 ? `No metric changes between ${labels.old} and ${labels.new}.` : renderMetricChanges(changes, labels, format, precision));
    } finally {
      project.close();
    }
  },
});

export const metricsCommand = defineCommand({
  meta: { name: "metrics", description: "Show metrics, or compare them across git revisions" },
  subCommands: { show: showCommand, diff: diffCommand },
});
