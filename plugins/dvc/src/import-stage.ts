import { PivotError } from "@pivot/core/internal";
import { type DvcScope, allScalars, dvcKeyText, refersTo, renameReferences, resolveDvc } from "./dvc-template";
import { type PathContext, importOutputs, importParams, pivotPath } from "./import-outputs";

const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

export type PivotStage = Record<string, unknown>;

export interface ImportContext {
  projectRoot: string;
  /** Project-relative folders of dvc.yaml and of the pivot.yaml being written. */
  dvcDir: string;
  pivotDir: string;
  /** The pivot pipeline's default params file (as written in pivot.yaml). */
  defaultParams: string;
  /** dvc.yaml vars and params.yaml: what loops and `${…}` see. */
  scope: DvcScope;
  notes: string[];
  /** pivot stage name → DVC stage name, where they differ (loops pivot expanded itself). */
  dvcNames: Map<string, string>;
}

const KNOWN = new Set(["cmd", "wdir", "deps", "outs", "metrics", "plots", "params", "frozen", "always_changed", "desc", "meta", "vars"]);
const DIMENSION = /^[A-Za-z_][A-Za-z0-9_]*$/;
const sanitize = (text: string) => text.replace(/[^A-Za-z0-9_.-]/g, "_");

/** One DVC stage body (no loop) → a pivot.yaml stage map. */
function convertBody(body: Record<string, unknown>, ctx: ImportContext, where: string): PivotStage {
  const wdir = typeof body.wdir === "string" ? body.wdir : ".";
  const paths: PathContext = { projectRoot: ctx.projectRoot, dvcDir: ctx.dvcDir, pivotDir: ctx.pivotDir, wdir, notes: ctx.notes, where };
  const stage: PivotStage = {};
  const meta = isMap(body.meta) && isMap(body.meta.pivot) ? body.meta.pivot : {};
  if (typeof meta.run === "string") stage.run = pivotPath(meta.run, paths);
  else if (typeof body.cmd === "string" || Array.isArray(body.cmd)) stage.cmd = body.cmd;
  else throw new PivotError("DVC_INVALID", `${where} has no cmd`, { hint: "Every dvc.yaml stage needs a cmd." });
  // wdir is relative to the dvc.yaml folder, not to itself.
  const pivotWdir = pivotPath(wdir, { ...paths, wdir: "." });
  if (pivotWdir !== ".") stage.wdir = pivotWdir.replace(/\/$/, "");
  if (Array.isArray(body.deps)) stage.deps = body.deps.map((dep) => pivotPath(String(dep), paths));
  const params = importParams(body.params, { ...paths, defaultParams: ctx.defaultParams });
  if (params.length > 0) stage.params = params;
  for (const section of ["outs", "metrics", "plots"] as const) {
    const items = importOutputs(section, body[section], paths);
    if (items.length > 0) stage[section] = items;
  }
  if (Array.isArray(meta.mutex)) stage.mutex = meta.mutex;
  if (typeof body.desc === "string") stage.desc = body.desc;
  if (body.always_changed === true) stage.always_changed = true;
  if (body.frozen === true) stage.frozen = true;
  for (const key of Object.keys(body)) if (!KNOWN.has(key)) ctx.notes.push(`${where}: dropped the unknown key '${key}'`);
  return stage;
}

/** Every stage of a loop pivot cannot express as a matrix, resolved by DVC's rules and named `<name>-<key>`. */
function expandLoop(name: string, body: Record<string, unknown>, iterations: Array<[string, DvcScope]>, ctx: ImportContext, why: string): Record<string, PivotStage> {
  ctx.notes.push(`${name}: ${why}; its ${iterations.length} stages were written out one by one (${name}@<key> in DVC is ${name}-<key> in pivot)`);
  const stages: Record<string, PivotStage> = {};
  for (const [key, extra] of iterations) {
    const pivotName = `${name}-${sanitize(key)}`;
    ctx.dvcNames.set(pivotName, `${name}@${key}`);
    const resolved = resolveDvc(body, { ...ctx.scope, ...extra }, `dvc.yaml stage '${name}@${key}'`) as Record<string, unknown>;
    stages[pivotName] = convertBody(resolved, ctx, `stage '${name}@${key}'`);
  }
  return stages;
}

function importForeach(name: string, raw: Record<string, unknown>, ctx: ImportContext): Record<string, PivotStage> {
  const items = resolveDvc(raw.foreach, ctx.scope, `dvc.yaml stage '${name}' foreach`);
  if (!isMap(raw.do)) throw new PivotError("DVC_INVALID", `dvc.yaml stage '${name}' has foreach but no 'do' map`, { hint: "Put the stage under do:." });
  const body = raw.do;
  const usesKey = refersTo(body, (n) => n === "key");
  const usesItem = refersTo(body, (n) => n === "item" || n.startsWith("item."));
  if (allScalars(items) && !usesKey) return { [name]: { matrix: { item: items }, ...convertBody(body, ctx, `stage '${name}'`) } };
  if (isMap(items) && !usesItem) return { [name]: { matrix: { key: Object.keys(items) }, ...convertBody(body, ctx, `stage '${name}'`) } };
  if (!Array.isArray(items) && !isMap(items)) throw new PivotError("DVC_INVALID", `dvc.yaml stage '${name}': foreach must be a list or a map`);
  const composite = Array.isArray(items) && items.some((item) => item !== null && typeof item === "object");
  const iterations: Array<[string, DvcScope]> = isMap(items)
    ? Object.entries(items).map(([key, item]) => [key, { item, key }])
    : items.map((item, index) => [composite ? String(index) : dvcKeyText(item), { item }]);
  return expandLoop(name, body, iterations, ctx, "its foreach loops over maps (pivot matrices hold plain values)");
}

function importMatrix(name: string, raw: Record<string, unknown>, ctx: ImportContext): Record<string, PivotStage> {
  const { matrix, ...body } = raw;
  if (!isMap(matrix)) throw new PivotError("DVC_INVALID", `dvc.yaml stage '${name}': matrix must be a map of lists`);
  const dims = Object.fromEntries(Object.entries(matrix).map(([dim, values]) => [dim, resolveDvc(values, ctx.scope, `dvc.yaml stage '${name}' matrix`)]));
  const names = Object.keys(dims);
  const plainRef = (n: string) => n !== "key" && (!n.startsWith("item") || names.some((d) => n === `item.${d}`));
  const simple = names.every((d) => DIMENSION.test(d) && allScalars(dims[d])) && !refersTo(body, (n) => !plainRef(n) && (n === "key" || n.startsWith("item")));
  if (simple) {
    const renamed = renameReferences(body, (n) => (n.startsWith("item.") ? n.slice(5) : n)) as Record<string, unknown>;
    return { [name]: { matrix, ...convertBody(renamed, ctx, `stage '${name}'`) } };
  }
  let combos: Array<{ key: string[]; item: DvcScope }> = [{ key: [], item: {} }];
  for (const dim of names) {
    const values = dims[dim];
    if (!Array.isArray(values)) throw new PivotError("DVC_INVALID", `dvc.yaml stage '${name}': matrix '${dim}' is not a list`);
    combos = combos.flatMap((c) => values.map((v, i) => ({ key: [...c.key, v !== null && typeof v === "object" ? `${dim}${i}` : dvcKeyText(v)], item: { ...c.item, [dim]: v } })));
  }
  const iterations = combos.map((c): [string, DvcScope] => [c.key.join("-"), { item: c.item, key: c.key.join("-") }]);
  return expandLoop(name, body, iterations, ctx, "its matrix holds maps or lists, or it uses ${key}");
}

/** One dvc.yaml stage → one pivot stage (a loop becomes a matrix when it can), or several. */
export function importStage(name: string, raw: unknown, ctx: ImportContext): Record<string, PivotStage> {
  if (!isMap(raw)) throw new PivotError("DVC_INVALID", `dvc.yaml stage '${name}' must be a map`, { hint: "Give it at least a cmd." });
  if (raw.foreach !== undefined) return importForeach(name, raw, ctx);
  if (raw.matrix !== undefined) return importMatrix(name, raw, ctx);
  if (raw.vars !== undefined) {
    const scope = { ...ctx.scope, ...Object.assign({}, ...(Array.isArray(raw.vars) ? raw.vars : [raw.vars]).filter(isMap)) };
    ctx.notes.push(`${name}: stage-level vars were resolved into the stage (pivot has vars only at the top)`);
    const { vars: _vars, ...body } = raw;
    return { [name]: convertBody(resolveDvc(body, scope, `dvc.yaml stage '${name}'`) as Record<string, unknown>, ctx, `stage '${name}'`) };
  }
  return { [name]: convertBody(raw, ctx, `stage '${name}'`) };
}
