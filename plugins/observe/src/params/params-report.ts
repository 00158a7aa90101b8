import { type ValueChange, diffValues } from "../diff/diff-values";
import { formatDelta, formatValue } from "../table/format-value";
import { type TableFormat, renderTable } from "../table/render-table";
import type { StageParams } from "./collect-params";

export interface ParamChange extends ValueChange {
  stage: string;
  file: string;
}

const fileLabel = (file: string) => (file === "inline" ? "(inline)" : file);

/** Every parameter of both sides, stage by stage (new side's order, then removed stages). */
export function diffParams(before: readonly StageParams[], after: readonly StageParams[], options: { unchanged: boolean }): ParamChange[] {
  const oldByStage = new Map(before.map((entry) => [entry.stage, entry.files]));
  const newByStage = new Map(after.map((entry) => [entry.stage, entry.files]));
  const stages = [...new Set([...newByStage.keys(), ...oldByStage.keys()])];
  const changes: ParamChange[] = [];
  for (const stage of stages) {
    const oldFiles = oldByStage.get(stage) ?? new Map();
    const newFiles = newByStage.get(stage) ?? new Map();
    for (const file of new Set([...newFiles.keys(), ...oldFiles.keys()])) {
      for (const change of diffValues(oldFiles.get(file), newFiles.get(file))) {
        if (options.unchanged || change.change !== "unchanged") changes.push({ stage, file, ...change });
      }
    }
  }
  return changes;
}

/** `{stage: {file: {key: value}}}` for `params show --json`. */
export function paramsJson(params: readonly StageParams[]): Record<string, Record<string, Record<string, unknown>>> {
  return Object.fromEntries(params.map((entry) => [entry.stage, Object.fromEntries(entry.files)]));
}

export function renderParams(params: readonly StageParams[], format: TableFormat, precision: number): string {
  const rows = params.flatMap((entry) =>
    [...entry.files].flatMap(([file, values]) => Object.entries(values).map(([key, value]) => [entry.stage, fileLabel(file), key, formatValue(value, precision)])),
  );
  return renderTable(["Stage", "File", "Param", "Value"], rows, format);
}

export function renderParamChanges(changes: readonly ParamChange[], labels: { old: string; new: string }, format: TableFormat, precision: number): string {
  const rows = changes.map((c) => [c.stage, fileLabel(c.file), c.key, formatValue(c.old, precision), formatValue(c.new, precision), formatDelta(c.delta, precision), c.change]);
  return renderTable(["Stage", "File", "Param", labels.old, labels.new, "Delta", "Change"], rows, format);
}
