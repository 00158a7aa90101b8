import type { OutDef, OutKind, PlotOptions } from "@pivot/core/internal";
import type { StageContext } from "./stage-context";
import { checkKeys, isPlainMap, stageBoolean, stageList, stageString } from "./value-checks";
import type { YamlPath } from "./yaml-document";
import { describeType, pipelineError } from "./yaml-errors";

export type OutputSection = "outs" | "metrics" | "plots";

const SECTIONS: Record<OutputSection, { kind: OutKind; cache: boolean; keys: readonly string[] }> = {
  outs: { kind: "out", cache: true, keys: ["path", "cache", "persist"] },
  metrics: { kind: "metric", cache: false, keys: ["path", "cache"] },
  plots: { kind: "plot", cache: true, keys: ["path", "cache", "x", "y", "template", "title"] },
};
const TEMPLATES = ["line", "scatter", "bar"] as const;

/**
 * Parses `outs`, `metrics` or `plots`: each item is a path, a map `{path, cache, …}`, or DVC's
 * one-key form `{<path>: {cache: false}}`. A trailing slash declares a directory.
 */
export function parseOutputs(ctx: StageContext, section: OutputSection, value: unknown): OutDef[] {
  const items = stageList(ctx, section, value, "paths or maps {path, …}", `[data/out.csv, {path: models/, cache: true}]`);
  return items.map((item, index) => parseOutput(ctx, section, item, [section, index], `${section} item ${index + 1}`));
}

function parseOutput(ctx: StageContext, section: OutputSection, item: unknown, at: YamlPath, field: string): OutDef {
  const spec = SECTIONS[section];
  if (typeof item === "string") return makeOut(ctx, section, item, at, field, {});
  if (!isPlainMap(item)) {
    throw pipelineError(
      ctx.where(at),
      `${field} must be a path or a map {${spec.keys.join(", ")}}, got ${describeType(item)}`,
      `Write ${section}: [path/to/file] or ${section}: [{path: path/to/file, cache: ${spec.cache}}].`,
    );
  }
  const entries = Object.entries(item);
  const [first] = entries;
  if (entries.length === 1 && first && !spec.keys.includes(first[0]) && (first[1] === null || isPlainMap(first[1]))) {
    // DVC form: `- data/out.csv: {cache: false}`.
    const options = first[1] ?? {};
    const optionKeys = spec.keys.filter((key) => key !== "path");
    checkKeys(ctx, [...at, first[0]], options, `${section} entry`, optionKeys);
    return makeOut(ctx, section, first[0], at, field, options, [...at, first[0]]);
  }
  checkKeys(ctx, at, item, `${section} entry`, spec.keys);
  if (!("path" in item)) {
    throw pipelineError(ctx.where(at), `${field} has no 'path'`, `Write {path: path/to/file${section === "outs" ? ", cache: true" : ""}}.`);
  }
  if (typeof item.path !== "string") {
    throw pipelineError(ctx.where([...at, "path"]), `${field} path must be a string, got ${describeType(item.path)}`, "Write path: path/to/file.");
  }
  return makeOut(ctx, section, item.path, [...at, "path"], field, item, at);
}

function makeOut(
  ctx: StageContext,
  section: OutputSection,
  raw: string,
  pathAt: YamlPath,
  field: string,
  options: Record<string, unknown>,
  optionsAt: YamlPath = pathAt,
): OutDef {
  const spec = SECTIONS[section];
  const { path, trailingSlash } = ctx.path(raw, pathAt, section === "outs" ? "out" : section.slice(0, -1), field);
  const cache = options.cache === undefined ? spec.cache : stageBoolean(ctx, [...optionsAt, "cache"], `${field} cache`, options.cache);
  const persist = options.persist === undefined ? false : stageBoolean(ctx, [...optionsAt, "persist"], `${field} persist`, options.persist);
  const out: OutDef = { path, kind: persist ? "incremental" : spec.kind, cache, isDir: trailingSlash };
  if (section === "plots") {
    const plot = plotOptions(ctx, options, optionsAt, field);
    if (Object.keys(plot).length > 0) out.plot = plot;
  }
  return out;
}

function plotOptions(ctx: StageContext, options: Record<string, unknown>, at: YamlPath, field: string): PlotOptions {
  const plot: PlotOptions = {};
  if (options.x !== undefined) plot.x = stageString(ctx, [...at, "x"], `${field} x`, options.x, "x: <column>");
  if (options.y !== undefined) {
    if (Array.isArray(options.y)) {
      plot.y = options.y.map((y, index) => stageString(ctx, [...at, "y", index], `${field} y`, y, "y: [<column>, …]"));
    } else {
      plot.y = stageString(ctx, [...at, "y"], `${field} y`, options.y, "y: <column> or y: [<column>, …]");
    }
  }
  if (options.template !== undefined) {
    const template = stageString(ctx, [...at, "template"], `${field} template`, options.template, "template: line");
    if (!(TEMPLATES as readonly string[]).includes(template)) {
      throw pipelineError(ctx.where([...at, "template"]), `${field} template '${template}' is not one of ${TEMPLATES.join(", ")}`, "Write template: line, scatter or bar.");
    }
    plot.template = template as PlotOptions["template"];
  }
  if (options.title !== undefined) plot.title = stageString(ctx, [...at, "title"], `${field} title`, options.title, "title: <text>");
  return plot;
}
