import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { writeReport } from "@pivot/core/internal";
import type { ChangeType } from "../diff/diff-values";
import type { Snapshot } from "../git/snapshot";
import type { PlotFile } from "./collect-plots";
import { renderPlotPage } from "./plot-page";
import { type ChartSpec, buildChartSpec } from "./plot-spec";

export interface PlotChange {
  path: string;
  change: ChangeType;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** Charts of one snapshot's plot files. */
export function chartsOf(files: Map<string, PlotFile>, snapshot: Snapshot): ChartSpec[] {
  return [...files.values()].map((file) => buildChartSpec(file.path, file.source.options, [{ label: snapshot.label, data: file.data }], file.source.stage?.id));
}

/** Charts overlaying both snapshots of every plot file, and what changed in each file. */
export function compareCharts(
  before: Map<string, PlotFile>,
  after: Map<string, PlotFile>,
  labels: { old: string; new: string },
): { charts: ChartSpec[]; changes: PlotChange[] } {
  const charts: ChartSpec[] = [];
  const changes: PlotChange[] = [];
  for (const path of new Set([...after.keys(), ...before.keys()])) {
    const oldFile = before.get(path);
    const newFile = after.get(path);
    const file = (newFile ?? oldFile)!;
    const sides = [
      ...(oldFile ? [{ label: labels.old, data: oldFile.data }] : []),
      ...(newFile ? [{ label: labels.new, data: newFile.data }] : []),
    ];
    charts.push(buildChartSpec(path, file.source.options, sides, file.source.stage?.id, true));
    const change: ChangeType = !oldFile ? "added" : !newFile ? "removed" : sameBytes(oldFile.bytes, newFile.bytes) ? "unchanged" : "modified";
    changes.push({ path, change });
  }
  return { charts, changes };
}

/** Writes the page (atomically, creating folders); returns its absolute path. */
export function writePlotPage(output: string, charts: readonly ChartSpec[], heading: string, force = false): string {
  const file = resolve(output);
  mkdirSync(dirname(file), { recursive: true });
  writeReport(file, renderPlotPage(charts, heading), { force });
  return file;
}
