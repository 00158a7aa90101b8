/**
 * Built-in loaders for pipeline.ts deps and outs, and `defineLoader` for your own. A loader knows
 * a path (relative to the pipeline folder), how to read it into a typed value and how to write
 * that value back.
 */
import { PivotError } from "../errors/pivot-error";
import type { PlotOptions } from "../model/stage";
import { type CsvOptions, parseCsv, stringifyCsv } from "./csv";
import { type IncrementalLoader, LOADER_BRAND, type Loader, type OutSettings, type ParamValue, type PathLoader } from "./loader-types";

/** Options every loader takes; they matter when the loader is used as an out. */
export interface OutOptions {
  /** Store the out in the content cache (default true; false for metrics). */
  cache?: boolean;
}

interface LoaderParts<T> {
  name: string;
  path: string;
  options?: Record<string, unknown>;
  out?: Partial<OutSettings>;
  returned?: boolean;
  load(path: string): T | Promise<T>;
  save(value: T, path: string): void | Promise<void>;
}

function checkPath(name: string, path: unknown): string {
  if (typeof path !== "string" || path.trim() === "") {
    throw new PivotError("PIPELINE_INVALID", `loaders.${name}() needs a path, got ${JSON.stringify(path) ?? String(path)}`, {
      hint: `Write loaders.${name}("data/file.ext"), relative to the folder of pipeline.ts.`,
    });
  }
  return path;
}

function makeLoader<T>(parts: LoaderParts<T>, outOptions: OutOptions = {}): Loader<T> {
  const path = checkPath(parts.name, parts.path);
  const out: OutSettings = { kind: "out", cache: true, isDir: path.endsWith("/"), ...parts.out };
  if (outOptions.cache !== undefined) out.cache = outOptions.cache;
  return Object.freeze({
    [LOADER_BRAND]: true as const,
    name: parts.name,
    path,
    options: Object.freeze({ ...parts.options }),
    out: Object.freeze(out),
    returned: parts.returned ?? true,
    incremental: false,
    load: parts.load,
    save: parts.save,
  });
}

const readText = (path: string) => Bun.file(path).text();
const withNewline = (text: string) => (text.endsWith("\n") ? text : `${text}\n`);

/** A JSON file, parsed into `T`; written with `indent` spaces (default 2). */
function json<T = unknown>(path: string, options: OutOptions & { indent?: number } = {}): Loader<T> {
  const indent = options.indent ?? 2;
  return makeLoader<T>(
    {
      name: "json",
      path,
      options: options.indent === undefined ? {} : { indent },
      load: async (p) => JSON.parse(await readText(p)) as T,
      save: async (value, p) => void (await Bun.write(p, `${JSON.stringify(value, null, indent)}\n`)),
    },
    options,
  );
}

/** A YAML file, parsed into `T`. */
function yaml<T = unknown>(path: string, options: OutOptions = {}): Loader<T> {
  return makeLoader<T>(
    {
      name: "yaml",
      path,
      load: async (p) => Bun.YAML.parse(await readText(p)) as T,
      save: async (value, p) => void (await Bun.write(p, withNewline(Bun.YAML.stringify(value, null, 2)))),
    },
    options,
  );
}

/** A CSV file with a header row: one object per row (numbers converted unless `numbers: false`). */
function csv<Row extends object = Record<string, string | number>>(path: string, options: OutOptions & CsvOptions = {}): Loader<Row[]> {
  const { cache: _cache, ...csvOptions } = options;
  return makeLoader<Row[]>(
    {
      name: "csv",
      path,
      options: csvOptions,
      load: async (p) => parseCsv(await readText(p), csvOptions) as Row[],
      save: async (rows, p) => void (await Bun.write(p, stringifyCsv(rows as Array<Record<string, unknown>>, csvOptions))),
    },
    options,
  );
}

/** A UTF-8 text file. */
function text(path: string, options: OutOptions = {}): Loader<string> {
  return makeLoader<string>({ name: "text", path, load: readText, save: async (value, p) => void (await Bun.write(p, value)) }, options);
}

/** Raw bytes. */
function bytes(path: string, options: OutOptions = {}): Loader<Uint8Array> {
  return makeLoader<Uint8Array>(
    { name: "bytes", path, load: (p) => Bun.file(p).bytes(), save: async (value, p) => void (await Bun.write(p, value)) },
    options,
  );
}

function pathLoader(name: string, path: string, options: OutOptions, isDir: boolean): PathLoader {
  return makeLoader<string>(
    { name, path, out: isDir ? { isDir: true } : {}, returned: false, load: (p) => p, save: () => undefined },
    options,
  ) as PathLoader;
}

/** Just the absolute path: the stage reads the file, or writes it (outs are not returned). */
function path(filePath: string, options: OutOptions = {}): PathLoader {
  return pathLoader("path", filePath, options, false);
}

/** A folder: the stage gets its absolute path and reads or writes the files inside itself. */
function directory(folderPath: string, options: OutOptions = {}): PathLoader {
  return pathLoader("directory", folderPath, options, true);
}

/** A metrics file (JSON, or YAML for `.yaml`/`.yml`), not cached by default: commit it to git. */
function metric<T extends object = Record<string, ParamValue>>(path: string, options: OutOptions = {}): Loader<T> {
  const base = /\.ya?ml$/i.test(path) ? yaml<T>(path) : json<T>(path);
  return makeLoader<T>({ ...base, name: "metric", options: {}, out: { kind: "metric", cache: false } }, options);
}

/** Plot data: rows saved as CSV (`.csv`), TSV (`.tsv`) or a JSON array (`.json`). */
function plot<Row extends object = Record<string, unknown>>(path: string, options: OutOptions & PlotOptions = {}): Loader<Row[]> {
  const { cache: _cache, ...plotOptions } = options;
  const lower = checkPath("plot", path).toLowerCase();
  const format = lower.endsWith(".json") ? json<Row[]>(path) : lower.endsWith(".csv") ? csv<Row>(path) : lower.endsWith(".tsv") ? csv<Row>(path, { delimiter: "\t" }) : undefined;
  if (!format) {
    throw new PivotError("PIPELINE_INVALID", `loaders.plot("${path}"): plot data must be a .csv, .tsv or .json file`, {
      hint: "Name the file data.csv, data.tsv or data.json, or use loaders.path() and write it yourself.",
    });
  }
  return makeLoader<Row[]>({ ...format, name: "plot", options: plotOptions, out: { kind: "plot", cache: true, plot: plotOptions } }, options);
}

/**
 * Marks an out incremental: before the stage runs, its last version is restored (as a writable
 * copy) and handed to the stage as `context.previous.<key>`; the stage returns the new version.
 */
function incremental<L extends Loader<unknown>>(loader: L): IncrementalLoader<L> {
  if (!loader || (loader as Partial<Loader>)[LOADER_BRAND] !== true) {
    throw new PivotError("PIPELINE_INVALID", "loaders.incremental() needs a loader, e.g. loaders.incremental(loaders.json(\"state.json\"))");
  }
  return Object.freeze({ ...loader, incremental: true as const, out: Object.freeze({ ...loader.out, kind: "incremental" as const }) });
}

/** What `defineLoader` needs: how to read and write one file. */
export interface LoaderDefinition<T> {
  /** Shown in messages and `pivot list`. */
  name: string;
  load(path: string): T | Promise<T>;
  save(value: T, path: string): void | Promise<void>;
}

/** Makes a loader factory from `load`/`save`: `const parquet = defineLoader<Table>({...}); parquet("x.parquet")`. */
export function defineLoader<T>(definition: LoaderDefinition<T>): (path: string, options?: OutOptions) => Loader<T> {
  if (typeof definition?.load !== "function" || typeof definition.save !== "function") {
    throw new PivotError("PIPELINE_INVALID", `defineLoader(${JSON.stringify(definition?.name ?? "")}) needs load(path) and save(value, path) functions`);
  }
  return (path, options = {}) => makeLoader<T>({ name: definition.name, path, load: definition.load, save: definition.save }, options);
}

/** True for loader objects (built-in or from `defineLoader`). */
export function isLoader(value: unknown): value is Loader<unknown> {
  return typeof value === "object" && value !== null && (value as Partial<Loader>)[LOADER_BRAND] === true;
}

/** The built-in loaders: `import { loaders as l } from "@pivot/core"`. */
export const loaders = Object.freeze({ json, yaml, csv, text, bytes, path, directory, metric, plot, incremental, define: defineLoader });
