import { fromProjectPath, isOutsideProject } from "@pivot/core/internal";
import { fromDvcPath, keepSlash, relativeTo } from "./dvc-paths";
import { renameReferences } from "./dvc-template";

const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** DVC plot templates → pivot's (line, scatter, bar). */
const TEMPLATES: Record<string, string> = {
  linear: "line",
  simple: "line",
  smooth: "line",
  scatter: "scatter",
  scatter_jitter: "scatter",
  bar_horizontal: "bar",
  bar_horizontal_sorted: "bar",
};

export interface PathContext {
  projectRoot: string;
  dvcDir: string;
  pivotDir: string;
  wdir: string;
  notes: string[];
  where: string;
}

/**
 * A dvc.yaml path as written in the pivot.yaml: relative to its folder, `..` included. A path
 * outside the project is written as the absolute path it names (pivot refuses it when loading,
 * saying what to do) and noted.
 */
export function pivotPath(raw: string, ctx: PathContext): string {
  const project = fromDvcPath(ctx.projectRoot, ctx.dvcDir, ctx.wdir, raw);
  if (isOutsideProject(project)) {
    const absolute = fromProjectPath(ctx.projectRoot, project);
    const named = raw.startsWith("/") ? raw : `${raw} (${absolute})`;
    ctx.notes.push(`${ctx.where}: ${named} is outside the project; pivot stages read and write only inside the project, so copy it in (or move the project root up)`);
    return keepSlash(raw, absolute);
  }
  return keepSlash(raw, relativeTo(ctx.pivotDir, project));
}

const OUT_OPTIONS: Record<string, readonly string[]> = {
  outs: ["cache", "persist"],
  metrics: ["cache", "persist"],
  plots: ["cache", "persist", "x", "y", "template", "title"],
};

/** outs/metrics/plots entries: a path, or `{path: {options}}` with the options pivot has. */
export function importOutputs(section: "outs" | "metrics" | "plots", value: unknown, ctx: PathContext): unknown[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) => {
    const [raw, options] = typeof item === "string" ? [item, {}] : isMap(item) ? (Object.entries(item)[0] ?? ["", {}]) : [String(item), {}];
    const given = isMap(options) ? options : {};
    const kept: Record<string, unknown> = {};
    for (const [key, option] of Object.entries(given)) {
      if (!OUT_OPTIONS[section]!.includes(key)) {
        ctx.notes.push(`${ctx.where}: dropped the ${section} option '${key}' of ${raw} (pivot has no equivalent)`);
        continue;
      }
      if (key === "template") {
        const template = TEMPLATES[String(option)];
        if (template) kept.template = template;
        else ctx.notes.push(`${ctx.where}: plot template '${String(option)}' of ${raw} has no pivot equivalent; it is drawn as a line chart`);
      } else kept[key] = option;
    }
    // DVC caches metrics unless told otherwise; pivot's metrics default to cache: false.
    if (section === "metrics" && kept.cache === undefined) kept.cache = true;
    if (section === "metrics" && kept.cache === false) delete kept.cache;
    const path = pivotPath(String(raw), ctx);
    return Object.keys(kept).length === 0 ? path : { path, ...kept };
  });
}

/** `params`: keys of the wdir's params.yaml, or `{file: [keys]}` (a whole file: `{file: []}`). */
export function importParams(value: unknown, ctx: PathContext & { defaultParams: string }): unknown[] {
  if (!Array.isArray(value)) return [];
  const defaultFile = pivotPath("params.yaml", ctx);
  return value.flatMap((item): unknown[] => {
    if (typeof item === "string") return defaultFile === ctx.defaultParams ? [item] : [{ [defaultFile]: [item] }];
    if (!isMap(item)) return [];
    return Object.entries(item).map(([file, keys]) => ({ [pivotPath(file, ctx)]: Array.isArray(keys) ? keys : [] }));
  });
}

/** Merges dvc.yaml's top-level plot definitions (`plots: [{file: {x, y}}]`) into the stage plots declaring the same file. */
export function applyTopLevelPlots(stages: Record<string, Record<string, unknown>>, plots: unknown, ctx: PathContext): void {
  if (!Array.isArray(plots)) return;
  for (const entry of plots) {
    const [raw, options] = typeof entry === "string" ? [entry, {}] : isMap(entry) ? (Object.entries(entry)[0] ?? ["", {}]) : ["", {}];
    // A matrix stage's plot is `${item.dim}` in DVC and `${dim}` in pivot.
    const path = renameReferences(pivotPath(String(raw), { ...ctx, wdir: "." }), (n) => (n.startsWith("item.") ? n.slice(5) : n)) as string;
    const owner = Object.values(stages).find((stage) => Array.isArray(stage.plots) && stage.plots.some((p) => (isMap(p) ? p.path : p) === path));
    if (!owner || !isMap(options)) {
      ctx.notes.push(`dvc.yaml: the top-level plot '${String(raw)}' is not a stage output; pivot draws only stage plots, so it was left out`);
      continue;
    }
    owner.plots = (owner.plots as unknown[]).map((p) => {
      if ((isMap(p) ? p.path : p) !== path) return p;
      const merged: Record<string, unknown> = isMap(p) ? { ...p } : { path };
      for (const key of ["x", "title"]) if (typeof options[key] === "string") merged[key] = options[key];
      // y: a column, a list, or DVC's {file: columns} form.
      const y = isMap(options.y) ? Object.values(options.y).flat() : options.y;
      if (y !== undefined) merged.y = y;
      if (typeof options.template === "string" && TEMPLATES[options.template]) merged.template = TEMPLATES[options.template];
      return merged;
    });
  }
}
