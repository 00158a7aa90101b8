/**
 * One parsed source file, seen from outside: its module-level declarations (hashed and with their
 * outside references, computed on first use), its imports, its exports and its
 * `<pipeline>.stage(name, spec)` calls.
 */
import { PivotError } from "../errors/pivot-error";
import { type AstNode, child, children, isNode, isTypeOnly, nameOf, oxc } from "./ast";
import { type CodeRef, bindingNames, freeReferences } from "./free-references";
import { hashNode } from "./normalize-node";

export type DeclKind = "fn" | "class" | "const" | "enum" | "ns";

export interface Declaration {
  kind: DeclKind;
  node: AstNode;
}

export interface ImportBinding {
  source: string;
  /** Imported name, `default`, or `*` for a namespace import. */
  imported: string;
}

export type ExportTarget = { local: string } | ImportBinding;

export interface StageCall {
  /** The stage name when written as a plain string. */
  name?: string;
  spec: AstNode;
  firstLine: number;
  lastLine: number;
}

export interface ModuleInfo {
  file: string;
  program: AstNode;
  declarations: Map<string, Declaration>;
  imports: Map<string, ImportBinding>;
  exports: Map<string, ExportTarget>;
  /** Sources of `export * from "…"`. */
  starExports: string[];
  stageCalls: StageCall[];
  /** `stageCalls` by literal name; calls with a computed name under "". */
  stageCallsByName: Map<string, StageCall[]>;
  /** Hash and outside references of a node of this module (memoized). */
  analyze(node: AstNode): { hash: string; refs: CodeRef[] };
}

function declarationKind(declarator: AstNode): DeclKind {
  const init = child(declarator, "init");
  if (child(declarator, "id")?.type === "Identifier" && init) {
    if (init.type === "ArrowFunctionExpression" || init.type === "FunctionExpression") return "fn";
    if (init.type === "ClassExpression") return "class";
  }
  return "const";
}

function addDeclaration(info: Pick<ModuleInfo, "declarations">, statement: AstNode): string[] {
  if (isTypeOnly(statement)) return [];
  const id = nameOf(child(statement, "id"));
  switch (statement.type) {
    case "FunctionDeclaration":
      if (id && statement.body) info.declarations.set(id, { kind: "fn", node: statement });
      return id ? [id] : [];
    case "ClassDeclaration":
      if (id) info.declarations.set(id, { kind: "class", node: statement });
      return id ? [id] : [];
    case "TSEnumDeclaration":
      if (id) info.declarations.set(id, { kind: "enum", node: statement });
      return id ? [id] : [];
    case "TSModuleDeclaration":
      if (id) info.declarations.set(id, { kind: "ns", node: statement });
      return id ? [id] : [];
    case "VariableDeclaration": {
      const names: string[] = [];
      for (const declarator of children(statement, "declarations")) {
        // The declaration kind (const/let/var) is part of what the declarator means.
        const node: AstNode = { ...declarator, type: "VariableDeclarator", declarationKind: statement.kind };
        for (const name of bindingNames(child(declarator, "id"))) {
          info.declarations.set(name, { kind: declarationKind(declarator), node });
          names.push(name);
        }
      }
      return names;
    }
    default:
      return [];
  }
}

function addImport(info: ModuleInfo, statement: AstNode): void {
  const source = child(statement, "source")?.value;
  if (typeof source !== "string" || isTypeOnly(statement)) return;
  for (const spec of children(statement, "specifiers")) {
    const local = nameOf(child(spec, "local"));
    if (!local || isTypeOnly(spec)) continue;
    const imported = spec.type === "ImportDefaultSpecifier" ? "default" : spec.type === "ImportNamespaceSpecifier" ? "*" : (nameOf(child(spec, "imported")) ?? local);
    info.imports.set(local, { source, imported });
  }
}

function addExport(info: ModuleInfo, statement: AstNode): void {
  if (isTypeOnly(statement)) return;
  const source = child(statement, "source")?.value;
  if (statement.type === "ExportAllDeclaration") {
    const exported = nameOf(child(statement, "exported"));
    if (typeof source !== "string") return;
    if (exported) info.exports.set(exported, { source, imported: "*" });
    else info.starExports.push(source);
    return;
  }
  if (statement.type === "ExportDefaultDeclaration") {
    const declaration = child(statement, "declaration");
    if (!declaration) return;
    const named = addDeclaration(info, declaration)[0] ?? (declaration.type === "Identifier" ? (declaration.name as string) : undefined);
    if (named) return void info.exports.set("default", { local: named });
    const kind: DeclKind = declaration.type.startsWith("Function") || declaration.type === "ArrowFunctionExpression" ? "fn" : declaration.type.startsWith("Class") ? "class" : "const";
    info.declarations.set("default", { kind, node: declaration });
    info.exports.set("default", { local: "default" });
    return;
  }
  const declaration = child(statement, "declaration");
  if (declaration) for (const name of addDeclaration(info, declaration)) info.exports.set(name, { local: name });
  for (const spec of children(statement, "specifiers")) {
    const local = nameOf(child(spec, "local"));
    const exported = nameOf(child(spec, "exported")) ?? local;
    if (!local || !exported || isTypeOnly(spec)) continue;
    info.exports.set(exported, typeof source === "string" ? { source, imported: local } : { local });
  }
}

/** Every `x.stage(name, spec)` call in the file (any depth: loops, helpers). */
function findStageCalls(program: AstNode, lineOf: (offset: number) => number): StageCall[] {
  const calls: StageCall[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!isNode(value)) return;
    if (value.type === "CallExpression") {
      const callee = child(value, "callee");
      const [nameArg, spec] = children(value, "arguments");
      if (callee?.type === "MemberExpression" && !callee.computed && nameOf(child(callee, "property")) === "stage" && nameArg && spec) {
        const name = nameArg.type === "Literal" && typeof nameArg.value === "string" ? nameArg.value : undefined;
        calls.push({ ...(name === undefined ? {} : { name }), spec, firstLine: lineOf(value.start), lastLine: lineOf(value.end) });
      }
    }
    for (const key of Object.keys(value)) {
      const next = value[key];
      if (typeof next === "object" && next !== null) visit(next);
    }
  };
  visit(program);
  return calls;
}

function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** Parses a JS/TS file and indexes what the fingerprint walk needs. `displayPath` names it in errors. */
export function analyzeModule(file: string, text: string, displayPath: string): ModuleInfo {
  const parsed = oxc().parseSync(file, text, { preserveParens: false });
  const lineOf = lineIndex(text);
  const firstError = parsed.errors.find((e) => e.severity === "Error");
  if (firstError) {
    const offset = firstError.labels[0]?.start;
    const at = offset === undefined ? "" : `:${lineOf(offset)}`;
    throw new PivotError("PIPELINE_INVALID", `Cannot parse ${displayPath}${at}: ${firstError.message}`, {
      hint: "Fix the syntax error; pivot reads the source to fingerprint the stage's code.",
    });
  }
  const program = parsed.program as unknown as AstNode;
  const memo = new Map<AstNode, { hash: string; refs: CodeRef[] }>();
  const info: ModuleInfo = {
    file,
    program,
    declarations: new Map(),
    imports: new Map(),
    exports: new Map(),
    starExports: [],
    stageCalls: [],
    stageCallsByName: new Map(),
    analyze(node) {
      let result = memo.get(node);
      if (!result) {
        result = { hash: hashNode(node), refs: freeReferences(node) };
        memo.set(node, result);
      }
      return result;
    },
  };
  for (const statement of children(program, "body")) {
    if (statement.type === "ImportDeclaration") addImport(info, statement);
    else if (statement.type.startsWith("Export")) addExport(info, statement);
    else if (statement.type === "TSImportEqualsDeclaration") {
      const reference = child(statement, "moduleReference");
      const source = reference?.type === "TSExternalModuleReference" ? child(reference, "expression")?.value : undefined;
      const local = nameOf(child(statement, "id"));
      if (typeof source === "string" && local) info.imports.set(local, { source, imported: "*" });
    } else addDeclaration(info, statement);
  }
  info.stageCalls = findStageCalls(program, lineOf);
  for (const call of info.stageCalls) {
    const key = call.name ?? "";
    const list = info.stageCallsByName.get(key);
    if (list) list.push(call);
    else info.stageCallsByName.set(key, [call]);
  }
  return info;
}
