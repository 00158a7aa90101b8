/**
 * The code a stage starts from. A pipeline.ts stage: its `pipeline.stage(name, spec)` call — the
 * `run` function, each dep/out loader expression, the `code: [...]` list. A `run: file.ts#fn`
 * stage: the exported function. When the call cannot be found statically, the whole module.
 */
import { join, resolve } from "node:path";
import { PivotError } from "../errors/pivot-error";
import type { Stage } from "../model/pipeline";
import { fromProjectPath } from "../model/paths";
import { type AstNode, child, children, nameOf } from "./ast";
import type { CodeWalker } from "./code-walker";
import type { ModuleInfo, StageCall } from "./module-analysis";

/** Spec fields that are not code: params are recorded by value, the rest is metadata. */
const NOT_CODE = new Set(["params", "desc", "mutex", "alwaysChanged", "frozen"]);

/** The `.stage(…)` call that registered `name`: by its literal name, else by line, else the only dynamic one. */
export function findStageCall(byName: ReadonlyMap<string, StageCall[]>, name: string, line: number | undefined): StageCall | undefined {
  const byLine = (candidates: readonly StageCall[]) =>
    line === undefined ? undefined : candidates.filter((c) => c.firstLine <= line && line <= c.lastLine).sort((a, b) => b.firstLine - a.firstLine)[0];
  const named = name === "" ? [] : (byName.get(name) ?? []);
  if (named.length === 1) return named[0];
  if (named.length > 1) return byLine(named) ?? named[0];
  const dynamic = byName.get("") ?? [];
  return byLine(dynamic) ?? (dynamic.length === 1 ? dynamic[0] : undefined);
}

interface Where {
  /** `<stage> <file>`, the suffix of stage-level parts. */
  at: string;
  /** The file, the suffix of loader parts. */
  file: string;
}

function addLoaders(walker: CodeWalker, module: ModuleInfo, field: "deps" | "outs", value: AstNode, taken: Set<string>, { at, file }: Where): void {
  if (value.type !== "ObjectExpression") return walker.addRoot(module, `${field}:${at}`, value);
  for (const prop of children(value, "properties")) {
    const key = prop.type === "Property" && !prop.computed ? nameOf(child(prop, "key")) : undefined;
    if (key === undefined) {
      walker.addRoot(module, `${field}:${at}`, prop);
      continue;
    }
    const part = taken.has(key) ? `loader:${field}.${key} ${file}` : `loader:${key} ${file}`;
    taken.add(key);
    walker.addRoot(module, part, child(prop, "value")!);
  }
}

function addCodeList(walker: CodeWalker, module: ModuleInfo, value: AstNode, stage: Stage, projectRoot: string, at: string): void {
  walker.addRoot(module, `code:${at}`, value);
  for (const element of children(value, "elements")) {
    if (element.type === "Literal" && typeof element.value === "string") {
      // Spelled like loader paths: relative to the stage's folder (the pipeline root), `//…` from
      // the project root, `/…` absolute. Code may live outside the project (it is only fingerprinted).
      const file = element.value.startsWith("//") ? join(projectRoot, element.value.slice(2)) : resolve(fromProjectPath(projectRoot, stage.wdir), element.value);
      walker.addFile(file);
    }
  }
}

function addSpecRoots(walker: CodeWalker, module: ModuleInfo, call: StageCall, stage: Stage, projectRoot: string): void {
  const where: Where = { at: `${stage.name} ${walker.display(module.file)}`, file: walker.display(module.file) };
  const { at } = where;
  if (call.spec.type !== "ObjectExpression") return walker.addRoot(module, `spec:${at}`, call.spec);
  const taken = new Set<string>();
  for (const prop of children(call.spec, "properties")) {
    const key = prop.type === "Property" && !prop.computed ? nameOf(child(prop, "key")) : undefined;
    const value = child(prop, "value");
    if (key === undefined || !value) walker.addRoot(module, `spec:${at}`, prop);
    else if (key === "run") walker.addRoot(module, `run:${at}`, value);
    else if (key === "deps" || key === "outs") addLoaders(walker, module, key, value, taken, where);
    else if (key === "code") addCodeList(walker, module, value, stage, projectRoot, at);
    else if (!NOT_CODE.has(key)) walker.addRoot(module, `spec.${key}:${at}`, value);
  }
}

function addExportedFunction(walker: CodeWalker, stage: Stage, file: string, exportName: string): void {
  const module = walker.module(file);
  const at = `${stage.name} ${walker.display(file)}`;
  const target = module.exports.get(exportName);
  const declaration = target && "local" in target ? module.declarations.get(target.local) : undefined;
  if (declaration) return walker.addRoot(module, `run:${at}`, declaration.node);
  if (!target && module.starExports.length === 0) {
    const names = [...module.exports.keys()];
    throw new PivotError("PIPELINE_INVALID", `Stage '${stage.name}': ${walker.display(file)} has no export '${exportName}'`, {
      hint: names.length > 0 ? `It exports ${names.join(", ")}.` : `Add \`export function ${exportName}(…)\` to ${walker.display(file)}.`,
    });
  }
  // Re-exported from elsewhere: the export leads to the code.
  walker.parts[`run:${at}`] = `export ${exportName}`;
  walker.followExport(module, exportName);
}

/** Adds the stage's root parts to the walker. */
export function addStageRoots(walker: CodeWalker, stage: Stage, projectRoot: string): void {
  const body = stage.body;
  if (body.kind !== "ts") return;
  if (body.stage === undefined) return addExportedFunction(walker, stage, fromProjectPath(projectRoot, body.file), body.exportName);
  const file = fromProjectPath(projectRoot, stage.source.file);
  const module = walker.module(file);
  const call = findStageCall(module.stageCallsByName, body.stage, stage.source.line);
  if (call) return addSpecRoots(walker, module, call, stage, projectRoot);
  walker.addRoot(module, `module:${walker.display(file)}`, module.program);
}
