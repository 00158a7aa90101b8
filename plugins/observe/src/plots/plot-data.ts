import { PivotError, errorMessage } from "@pivot/core/internal";
import { parse as parseYaml } from "yaml";
import { coerceCell, delimiterOf, parseDelimited } from "../data/parse-delimited";

/** A plot file's data: a table of rows, or an image shown as it is. */
export type PlotData =
  | { kind: "table"; columns: string[]; rows: Record<string, unknown>[] }
  | { kind: "image"; mime: string; bytes: Uint8Array };

const IMAGE_TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".svg": "image/svg+xml",
  ".webp": "image/webp",
};

function invalid(path: string, where: string, problem: string, hint: string): PivotError {
  return new PivotError("PLOT_INVALID", `Plot ${path} (${where}) ${problem}`, { hint });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** JSON/YAML plot data: a list of rows, or a map holding one (DVC's `{"train": [...]}`). */
function rowsOfDocument(data: unknown, path: string, where: string): Record<string, unknown>[] {
  const list = Array.isArray(data) ? data : isRecord(data) ? Object.values(data).find(Array.isArray) : undefined;
  if (!Array.isArray(list) || !list.every(isRecord)) {
    throw invalid(path, where, "holds no list of rows", 'Write a list of rows, e.g. [{"step": 0, "loss": 0.9}, …], or {"<name>": [rows…]}.');
  }
  return list;
}

/** Parses a plot file by its extension: CSV, TSV, JSON, YAML, or an image. `where` names the snapshot. */
export function parsePlotData(path: string, bytes: Uint8Array, where: string): PlotData {
  const lower = path.toLowerCase();
  const ext = lower.slice(lower.lastIndexOf("."));
  const mime = IMAGE_TYPES[ext];
  if (mime) return { kind: "image", mime, bytes };
  const text = new TextDecoder().decode(bytes);
  const delimiter = delimiterOf(path);
  if (delimiter) {
    let table: string[][];
    try {
      table = parseDelimited(text, delimiter);
    } catch (error) {
      throw invalid(path, where, `is not valid ${delimiter === "," ? "CSV" : "TSV"}: ${errorMessage(error)}`, "Fix the file's quoting.");
    }
    const [header = [], ...body] = table;
    const columns = header.map((name) => name.trim());
    return { kind: "table", columns, rows: body.map((cells) => Object.fromEntries(columns.map((name, i) => [name, coerceCell(cells[i] ?? "")]))) };
  }
  const isJson = ext === ".json";
  if (!isJson && ext !== ".yaml" && ext !== ".yml") {
    throw invalid(path, where, "has an unsupported format", "Plots are drawn from .csv, .tsv, .json and .yaml data, or shown as .png/.jpg/.svg/.gif/.webp images.");
  }
  let doc: unknown;
  try {
    doc = isJson ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const kind = isJson ? "JSON" : "YAML";
    throw invalid(path, where, `is not valid ${kind}: ${errorMessage(error).split("\n")[0]}`, `Fix the ${kind} syntax.`);
  }
  const rows = rowsOfDocument(doc, path, where);
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return { kind: "table", columns, rows };
}
