import type { Stage } from "@pivot/core/internal";
import { keepSlash, projectPathOf, relativeTo } from "./dvc-paths";

/** How a pivot stage is written in dvc.yaml. */
export type DvcStage = Record<string, unknown>;

/** pivot plot templates → DVC plot templates (and back, in import). */
export const DVC_TEMPLATES: Record<string, string> = { line: "linear", scatter: "scatter", bar: "bar_horizontal" };

export interface ExportContext {
  projectRoot: string;
  /** Project-relative folder of the pipeline file (its paths are relative to it). */
  pipelineDir: string;
  /** Project-relative folder of the dvc.yaml being written. */
  dvcDir: string;
  /** The pipeline's default params file (project-relative). */
  paramsFile: string;
  /** Plot definitions with several y columns, for dvc.yaml's top-level `plots`. */
  topPlots: Array<Record<string, unknown>>;
}

/** `${dim}` → `${item.dim}` for the dimensions of a matrix (DVC's matrix variables live under `item`). */
function toDvcTemplate(text: string, dims: readonly string[]): string {
  if (dims.length === 0) return text;
  return text.replace(/(?<!\\)\$\{\s*([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z0-9_-]+)*)\s*\}/g, (whole, name: string, rest: string) =>
    dims.includes(name) ? `\${item.${name}${rest}}` : whole,
  );
}

const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * Translates one stage of a pivot.yaml, as written (templates and matrix kept), into dvc.yaml:
 * paths rebased onto the stage's DVC `wdir`, `${dim}` → `${item.dim}`, TS `run:` stages become
 * `pivot run` commands with the function kept under `meta.pivot`, `mutex` under `meta.pivot` too.
 */
export function exportRawStage(name: string, raw: Record<string, unknown>, ctx: ExportContext): DvcStage {
  const dims = isMap(raw.matrix) ? Object.keys(raw.matrix) : [];
  const t = (text: string) => toDvcTemplate(text, dims);
  const wdir = typeof raw.wdir === "string" ? projectPathOf(ctx.projectRoot, ctx.pipelineDir, raw.wdir) : ctx.pipelineDir;
  const path = (rawPath: string) => keepSlash(rawPath, t(relativeTo(wdir, projectPathOf(ctx.projectRoot, ctx.pipelineDir, rawPath))));
  const out: DvcStage = {};
  if (dims.length > 0) out.matrix = raw.matrix;
  if (typeof raw.desc === "string") out.desc = t(raw.desc);
  const meta: Record<string, unknown> = {};
  if (typeof raw.run === "string") {
    out.cmd = `pivot run ${dims.length > 0 ? `'${name}@\${key}'` : name} --force --no-commit`;
    meta.run = relativeTo(wdir, projectPathOf(ctx.projectRoot, ctx.pipelineDir, raw.run));
  } else if (typeof raw.cmd === "string") out.cmd = t(raw.cmd);
  else if (Array.isArray(raw.cmd)) out.cmd = raw.cmd.map((c) => t(String(c)));
  const dvcWdir = relativeTo(ctx.dvcDir, wdir);
  if (dvcWdir !== ".") out.wdir = dvcWdir;
  if (Array.isArray(raw.deps)) out.deps = raw.deps.map((dep) => path(String(dep)));
  const params = exportParams(raw.params, wdir, ctx, t);
  if (params.length > 0) out.params = params;
  for (const section of ["outs", "metrics", "plots"] as const) {
    if (!Array.isArray(raw[section])) continue;
    const top = (rawPath: string) => t(relativeTo(ctx.dvcDir, projectPathOf(ctx.projectRoot, ctx.pipelineDir, rawPath)));
    out[section] = (raw[section] as unknown[]).map((item) => exportOutput(section, item, { wdir: path, top }, ctx));
  }
  if (raw.always_changed === true) out.always_changed = true;
  if (raw.frozen === true) out.frozen = true;
  if (Array.isArray(raw.mutex) && raw.mutex.length > 0) meta.mutex = raw.mutex;
  if (Object.keys(meta).length > 0) out.meta = { pivot: meta };
  return out;
}

function exportParams(value: unknown, wdir: string, ctx: ExportContext, t: (text: string) => string): unknown[] {
  if (!Array.isArray(value)) return [];
  const defaultFile = relativeTo(wdir, ctx.paramsFile);
  return value.flatMap((item): unknown[] => {
    if (typeof item === "string") return defaultFile === "params.yaml" ? [t(item)] : [{ [defaultFile]: [t(item)] }];
    if (!isMap(item)) return [];
    return Object.entries(item).map(([file, keys]) => ({ [relativeTo(wdir, projectPathOf(ctx.projectRoot, ctx.pipelineDir, file))]: Array.isArray(keys) && keys.length > 0 ? keys : null }));
  });
}

/** An output entry: a bare path, or DVC's `{<path>: {options}}` when it has options to keep. */
function exportOutput(
  section: "outs" | "metrics" | "plots",
  item: unknown,
  paths: { wdir: (raw: string) => string; top: (raw: string) => string },
  ctx: ExportContext,
): unknown {
  let rawPath: string;
  let options: Record<string, unknown>;
  if (typeof item === "string") [rawPath, options] = [item, {}];
  else if (isMap(item) && typeof item.path === "string") {
    const { path: p, ...rest } = item;
    [rawPath, options] = [p as string, rest];
  } else if (isMap(item)) {
    const [key, value] = Object.entries(item)[0] ?? ["", {}];
    [rawPath, options] = [key, isMap(value) ? value : {}];
  } else return item;
  const dvcPath = paths.wdir(rawPath);
  const dvcOptions: Record<string, unknown> = {};
  // DVC's defaults: cache true everywhere (pivot's metrics default to cache: false).
  const cache = options.cache ?? (section === "metrics" ? false : true);
  if (cache === false) dvcOptions.cache = false;
  if (options.persist === true) dvcOptions.persist = true;
  if (section === "plots") {
    if (typeof options.x === "string") dvcOptions.x = options.x;
    if (typeof options.template === "string") dvcOptions.template = DVC_TEMPLATES[options.template] ?? options.template;
    if (typeof options.title === "string") dvcOptions.title = options.title;
    const ys = Array.isArray(options.y) ? options.y : options.y === undefined ? [] : [options.y];
    if (ys.length === 1) dvcOptions.y = ys[0];
    if (ys.length > 1) {
      const { cache: _cache, ...plotOptions } = dvcOptions;
      ctx.topPlots.push({ [paths.top(rawPath)]: { ...plotOptions, y: ys } });
    }
  }
  return Object.keys(dvcOptions).length === 0 ? dvcPath : { [dvcPath]: dvcOptions };
}

/** A stage of a non-YAML pipeline (pipeline.ts), from the model: expanded, with inline params. */
export function exportModelStage(stage: Stage, dvcDir: string): DvcStage {
  const rel = (p: string) => relativeTo(dvcDir, p);
  const out: DvcStage = {};
  if (stage.desc) out.desc = stage.desc;
  if (stage.body.kind === "cmd") out.cmd = stage.body.cmd.length === 1 ? stage.body.cmd[0] : stage.body.cmd;
  else out.cmd = `pivot run '${stage.name}' --force --no-commit`;
  if (stage.wdir !== dvcDir) out.wdir = rel(stage.wdir);
  const base = stage.wdir;
  if (stage.deps.length > 0) out.deps = stage.deps.map((d) => relativeTo(base, d.path));
  const params = [
    ...Object.keys(stage.paramValues ?? {}).map((key) => `${stage.name}.${key}`),
    ...stage.params.map((ref) => ({ [relativeTo(base, ref.file)]: ref.keys.length > 0 ? ref.keys : null })),
  ];
  if (params.length > 0) out.params = params;
  const sections = { out: "outs", incremental: "outs", metric: "metrics", plot: "plots" } as const;
  for (const o of stage.outs) {
    const options: Record<string, unknown> = {};
    if (!o.cache) options.cache = false;
    if (o.kind === "incremental") options.persist = true;
    if (o.plot?.x) options.x = o.plot.x;
    if (typeof o.plot?.y === "string") options.y = o.plot.y;
    if (o.plot?.template) options.template = DVC_TEMPLATES[o.plot.template];
    const p = relativeTo(base, o.path) + (o.isDir ? "/" : "");
    ((out[sections[o.kind]] ??= []) as unknown[]).push(Object.keys(options).length === 0 ? p : { [p]: options });
  }
  const meta: Record<string, unknown> = {};
  if (stage.body.kind === "ts") meta.run = `${relativeTo(base, stage.body.file)}#${stage.body.exportName}`;
  if (stage.mutex.length > 0) meta.mutex = stage.mutex;
  if (Object.keys(meta).length > 0) out.meta = { pivot: meta };
  return out;
}
