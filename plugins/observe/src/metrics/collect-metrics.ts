import { existsSync, readFileSync } from "node:fs";
import { type Project, type Stage, isSameOrInside, objectPath } from "@pivot/core";
import type { FlatValues } from "../diff/diff-values";
import { locksAt } from "../git/locks-at";
import { type Snapshot, WORKSPACE } from "../git/snapshot";
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

/**
 * Metric values per file in a snapshot (files that are not there are left out). At a revision a
 * file git does not hold (a cached, git-ignored metric) is read from the local cache by the hash
 * in that revision's lock file, when the cache still has it.
 */
export function metricsAt(project: Project, sources: readonly MetricSource[], snapshot: Snapshot): Map<string, FlatValues> {
  const files: Array<{ path: string; source: MetricSource }> = [];
  for (const source of sources) {
    if (!source.isDir) files.push({ path: source.path, source });
    else for (const path of snapshot.list(source.path)) if (isMetricFile(path) && isSameOrInside(path, source.path)) files.push({ path, source });
  }
  const texts = snapshot.readMany(files.map((file) => file.path));
  const missing = files.filter((file) => texts.get(file.path) === undefined && file.source.stage && !file.source.isDir);
  const fromCache = snapshot.label === WORKSPACE || missing.length === 0 ? new Map<string, Uint8Array>() : readFromCache(project, missing, snapshot);
  const metrics = new Map<string, FlatValues>();
  for (const { path } of files) {
    const bytes = texts.get(path) ?? fromCache.get(path);
    if (bytes !== undefined) metrics.set(path, parseMetrics(path, decoder.decode(bytes), snapshot.label));
  }
  return metrics;
}

function readFromCache(project: Project, files: ReadonlyArray<{ path: string; source: MetricSource }>, snapshot: Snapshot): Map<string, Uint8Array> {
  const stages = [...new Set(files.map((file) => file.source.stage!))];
  const found = new Map<string, Uint8Array>();
  for (const { lock } of locksAt(project, stages, snapshot, { orphans: false })) {
    for (const out of lock.outs) {
      if (!files.some((file) => file.path === out.path)) continue;
      const object = objectPath(project.config.cacheDir, out.hash);
      if (existsSync(object)) found.set(out.path, new Uint8Array(readFileSync(object)));
    }
  }
  return found;
}
