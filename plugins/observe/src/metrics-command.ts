import { allPipelinesArgs, completes, print, printJson, warn } from "@pivot/core/internal";
import { formatOf, precisionOf, tableArgs } from "./cli-options";
import { metricSources, metricsAt } from "./metrics/collect-metrics";
import { diffMetrics, renderMetricChanges, renderMetrics } from "./metrics/metrics-report";
import { snapshotCommands } from "./snapshot-commands";
import { resolveFileTargets } from "./stage-targets";

export const metricsCommand = snapshotCommands({
  name: "metrics",
  description: "Show metrics, or compare them across git revisions",
  args: {
    targets: { type: "positional", required: false, description: "Stages or metric files/folders; default: every stage's metrics", ...completes("stages-or-files") },
    ...tableArgs,
    ...allPipelinesArgs,
  },
  show: {
    description: "Metric values from the workspace (or --rev)",
    revDescription: "Read the metrics at this git revision",
    run({ project, args, targets, snapshot }) {
      const precision = precisionOf(args.precision);
      const sources = metricSources(project, resolveFileTargets(project, targets));
      const metrics = metricsAt(project, sources, snapshot);
      for (const source of sources) {
        if (!source.isDir && !metrics.has(source.path)) warn(`${source.path}${source.stage ? ` (stage ${source.stage.id})` : ""} does not exist in the ${snapshot.label === "workspace" ? "workspace" : `revision ${snapshot.label}`}`);
      }
      const format = formatOf(args);
      if (format === "json") return printJson(Object.fromEntries(metrics));
      print(metrics.size === 0 ? "No metrics found." : renderMetrics(metrics, format, precision));
    },
  },
  diff: {
    description: "Metric changes: workspace vs HEAD, vs --rev A, or --rev A vs --rev B",
    args: { unchanged: { type: "boolean", description: "Also list metrics that did not change" } },
    run({ project, args, targets, sides, labels }) {
      const precision = precisionOf(args.precision);
      const sources = metricSources(project, resolveFileTargets(project, targets));
      const changes = diffMetrics(metricsAt(project, sources, sides.old), metricsAt(project, sources, sides.new), { unchanged: Boolean(args.unchanged) });
      const format = formatOf(args);
      if (format === "json") return printJson({ ...labels, changes });
      print(changes.length === 0 ? `No metric changes between ${labels.old} and ${labels.new}.` : renderMetricChanges(changes, labels, format, precision));
    },
  },
});
