import { type PlotOptions, PivotError, didYouMean } from "@pivot/core/internal";
import type { PlotData } from "./plot-data";

export type Template = NonNullable<PlotOptions["template"]>;

export interface Series {
  /** `loss`, or `HEAD: loss` when comparing snapshots. */
  label: string;
  /** The y column (series of one column share a colour). */
  column: string;
  /** Drawn dashed: the older side when comparing snapshots. */
  dashed?: boolean;
  points: Array<{ x: string | number; y: number | null }>;
}

/** What the page draws for one plot file: a chart of series, or an image. */
export interface ChartSpec {
  path: string;
  title: string;
  stage?: string;
  template: Template;
  xLabel: string;
  /** True when every x is a number (linear axis); otherwise the axis is categorical. */
  numericX: boolean;
  series: Series[];
  images: Array<{ label: string; dataUri: string }>;
}

/** One snapshot's data for a plot file. */
export interface PlotSide {
  label: string;
  data: PlotData;
}

function requireColumn(column: string, columns: readonly string[], path: string, where: string, option: "x" | "y"): void {
  if (columns.includes(column)) return;
  throw new PivotError("PLOT_INVALID", `Plot ${path} (${where}) has no column '${column}' (named by its ${option} option)`, {
    hint: `${didYouMean(column, columns) ?? ""} Its columns are: ${columns.join(", ") || "(none)"}.`.trim(),
  });
}

const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

/** y columns: the declared ones, or every numeric column but x. */
function yColumns(options: PlotOptions, data: Extract<PlotData, { kind: "table" }>, x: string | undefined): string[] {
  if (options.y !== undefined) return Array.isArray(options.y) ? options.y : [options.y];
  return data.columns.filter((column) => column !== x && data.rows.some((row) => isNumber(row[column])));
}

/**
 * Builds the chart of one plot file from one or more snapshots of it. Series are named after the
 * y column, prefixed with the snapshot when there are several (or `prefixLabels`). Without `x` the row index (`step`)
 * is the x axis. A column named by x or y that the data lacks is PLOT_INVALID.
 */
export function buildChartSpec(path: string, options: PlotOptions, sides: readonly PlotSide[], stage?: string, prefixLabels = sides.length > 1): ChartSpec {
  const spec: ChartSpec = {
    path,
    title: options.title ?? path,
    ...(stage ? { stage } : {}),
    template: options.template ?? "line",
    xLabel: options.x ?? "step",
    numericX: true,
    series: [],
    images: [],
  };
  for (const [sideIndex, side] of sides.entries()) {
    const dashed = sides.length > 1 && sideIndex === 0;
    const prefix = prefixLabels ? `${side.label}: ` : "";
    if (side.data.kind === "image") {
      spec.images.push({ label: side.label, dataUri: `data:${side.data.mime};base64,${Buffer.from(side.data.bytes).toString("base64")}` });
      continue;
    }
    const table = side.data;
    if (options.x !== undefined) requireColumn(options.x, table.columns, path, side.label, "x");
    const ys = yColumns(options, table, options.x);
    if (ys.length === 0) {
      throw new PivotError("PLOT_INVALID", `Plot ${path} (${side.label}) has no numeric column to draw`, {
        hint: `Name the columns with y: [<column>, …] on the plot; its columns are: ${table.columns.join(", ") || "(none)"}.`,
      });
    }
    for (const y of ys) {
      requireColumn(y, table.columns, path, side.label, "y");
      const points = table.rows.map((row, index) => {
        const x = options.x === undefined ? index : row[options.x];
        const value = row[y];
        return { x: isNumber(x) ? x : String(x ?? ""), y: isNumber(value) ? value : null };
      });
      if (points.some((point) => typeof point.x !== "number")) spec.numericX = false;
      spec.series.push({ label: `${prefix}${y}`, column: y, ...(dashed ? { dashed } : {}), points });
    }
  }
  if (spec.template === "bar") spec.numericX = false;
  return spec;
}
