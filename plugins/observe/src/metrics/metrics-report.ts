import { type ValueChange, diffValues, type FlatValues } from "../diff/diff-values";
import { formatDelta, formatValue } from "../table/format-value";
import { type TableFormat, renderTable } from "../table/render-table";

export interface MetricChange extends ValueChange {
  path: string;
}

/** Every metric of both sides, file by file (new side's order, then files only the old side has). */
export function diffMetrics(before: Map<string, FlatValues>, after: Map<string, FlatValues>, options: { unchanged: boolean }): MetricChange[] {
  const paths = [...new Set([...after.keys(), ...before.keys()])];
  return paths.flatMap((path) =>
    diffValues(before.get(path), after.get(path))
      .filter((change) => options.unchanged || change.change !== "unchanged")
      .map((change) => ({ path, ...change })),
  );
}

export function renderMetrics(metrics: Map<string, FlatValues>, format: TableFormat, precision: number): string {
  const rows = [...metrics].flatMap(([path, values]) => Object.entries(values).map(([key, value]) => [path, key, formatValue(value, precision)]));
  return renderTable(["Path", "Metric", "Value"], rows, format);
}

export function renderMetricChanges(changes: readonly MetricChange[], labels: { old: string; new: string }, format: TableFormat, precision: number): string {
  const rows = changes.map((c) => [c.path, c.key, formatValue(c.old, precision), formatValue(c.new, precision), formatDelta(c.delta, precision), c.change]);
  return renderTable(["Path", "Metric", labels.old, labels.new, "Delta", "Change"], rows, format);
}
