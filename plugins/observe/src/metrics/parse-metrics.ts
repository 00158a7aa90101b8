import { PivotError, errorMessage } from "@pivot/core/internal";
import { parse as parseYaml } from "yaml";
import { coerceCell, delimiterOf, parseDelimited } from "../data/parse-delimited";
import { type FlatValues, flatten } from "../diff/diff-values";

/** Extensions pivot reads metrics from. */
export const METRIC_EXTENSIONS = [".json", ".yaml", ".yml", ".csv", ".tsv"];

export function isMetricFile(path: string): boolean {
  const lower = path.toLowerCase();
  return METRIC_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

function invalid(path: string, where: string, problem: string, hint: string): PivotError {
  return new PivotError("METRICS_INVALID", `Metrics file ${path} (${where}) ${problem}`, { hint });
}

const KEY_HEADERS = new Set(["key", "name", "metric"]);

/**
 * CSV/TSV metrics: a header row and one row of values (each column a metric, as DVC writes
 * them), or two columns `name,value` (with a header row, one metric per row).
 */
function tableMetrics(rows: string[][], path: string, where: string): FlatValues {
  const [header, ...data] = rows;
  if (!header) return {};
  const keyValue = header.length === 2 && KEY_HEADERS.has(header[0]!.trim().toLowerCase()) && header[1]!.trim().toLowerCase() === "value";
  if (!keyValue && data.length === 1) {
    const values = data[0]!;
    if (values.length !== header.length) throw invalid(path, where, `has ${header.length} column names but ${values.length} values`, "Give every column a value.");
    return Object.fromEntries(header.map((name, i) => [name.trim(), coerceCell(values[i]!)]));
  }
  if (header.length !== 2 || data.some((row) => row.length !== 2)) {
    throw invalid(
      path,
      where,
      "is not a metrics table",
      "Write a header row and one row of values (acc,loss / 0.9,0.1), or two columns name,value with one metric per row.",
    );
  }
  return Object.fromEntries(data.map((row) => [row[0]!.trim(), coerceCell(row[1]!)]));
}

/** A metrics file's values with nested keys flattened (`eval.acc`). `where` names the snapshot in errors. */
export function parseMetrics(path: string, text: string, where: string): FlatValues {
  const delimiter = delimiterOf(path);
  if (delimiter) {
    try {
      return tableMetrics(parseDelimited(text, delimiter), path, where);
    } catch (error) {
      if (error instanceof PivotError) throw error;
      throw invalid(path, where, `is not valid ${delimiter === "," ? "CSV" : "TSV"}: ${errorMessage(error)}`, "Fix the file's quoting.");
    }
  }
  const isJson = path.toLowerCase().endsWith(".json");
  if (!isJson && !/\.ya?ml$/i.test(path)) {
    throw invalid(path, where, "has an unsupported format", `Metrics are read from ${METRIC_EXTENSIONS.join(", ")} files.`);
  }
  let data: unknown;
  try {
    data = isJson ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const kind = isJson ? "JSON" : "YAML";
    throw invalid(path, where, `is not valid ${kind}: ${errorMessage(error).split("\n")[0]}`, `Fix the ${kind} syntax (the stage that writes it may have failed half-way).`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw invalid(path, where, `must hold a map of metric names to values, got ${Array.isArray(data) ? "a list" : typeof data}`, 'Write e.g. {"acc": 0.9, "loss": 0.1}.');
  }
  return flatten(data);
}
