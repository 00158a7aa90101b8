import { type Project, type Stage, isSameOrInside } from "@pivot/core/internal";
import type { FlatValues } from "../diff/diff-values";
import { readOutputs } from "../git/read-outputs";
import type { Snapshot } from "../git/snapshot";
import type { FileTarget } from "../stage-targets";
import { isMetricFile, parseMetrics } from "./parse-metrics";

/** A declared metrics output (file or folder), or a path named on the command line. */
export interface MetricSource {
  path: string;
  isDir: boolean;
  stage?: Stage;
}

/** Metric outputs of the targets: stages give their `metrics`, paths are taken as they are. */
export function metricSources(project: Project, targets: readonly FileTarget[]): MetricSource[] {
  const ofStage = (stage: Stage) => stage.outs.filter((out) => out.kind === "metric").map((out) => ({ path: out.path, isDir: out.isDir, stage }));
  if (targets.length === 0) return project.stages.flatMap(ofStage);
  const owner = (path: string) => project.stages.find((stage) => stage.outs.some((out) => out.path === path));
  const sources = targets.flatMap((target) =>
    target.kind === "stage" ? ofStage(target.stage) : [{ path: target.path, isDir: !isMetricFile(target.path), stage: owner(target.path) }],
  );
  return [...new Map(sources.map((source) => [source.path, source])).values()];
}

const decoder = new TextDecoder();

/** Metric values per file in a snapshot (files that are not there are left out). */
export function metricsAt(project: Project, sources: readonly MetricSource[], snapshot: Snapshot): Map<string, FlatValues> {
  const files: Array<{ path: string; stage?: Stage }> = [];
  for (const source of sources) {
    if (!source.isDir) files.push({ path: source.path, stage: source.stage });
    else for (const path of snapshot.list(source.path)) if (isMetricFile(path) && isSameOrInside(path, source.path)) files.push({ path });
  }
  const contents = readOutputs(project, files, snapshot);
  const metrics = new Map<string, FlatValues>();
  for (const { path } of files) {
    const bytes = contents.get(path);
    if (bytes !== undefined) metrics.set(path, parseMetrics(path, decoder.decode(bytes), snapshot.label));
  }
  return metrics;
}
