/** The slice of the ESTree/TS-ESTree shape (as oxc-parser produces it) the fingerprint code reads. */
import type * as Oxc from "oxc-parser";

/** oxc-parser, loaded on first parse (a no-op command with cached fingerprints never needs it). */
export function oxc(): typeof Oxc {
  return require("oxc-parser") as typeof Oxc;
}

export interface AstNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

export function isNode(value: unknown): value is AstNode {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

/** A child node (or undefined), typed for reading. */
export function child(node: AstNode, key: string): AstNode | undefined {
  const value = node[key];
  return isNode(value) ? value : undefined;
}

/** A list of child nodes (holes and non-nodes dropped). */
export function children(node: AstNode, key: string): AstNode[] {
  const value = node[key];
  return Array.isArray(value) ? value.filter(isNode) : [];
}

/** Keys of a node that hold child nodes, in source order. */
export function childKeys(node: AstNode): readonly string[] {
  return oxc().visitorKeys[node.type] ?? [];
}

/** Keys that only hold TypeScript types: nothing in them runs. */
export const TYPE_KEYS: ReadonlySet<string> = new Set(["typeAnnotation", "returnType", "typeParameters", "typeArguments", "superTypeArguments", "implements"]);

/** TS expressions that only add a type to a runtime expression (`x as T`, `x!`, `<T>x`, `x satisfies T`, `f<T>`). */
export const TYPE_WRAPPERS: ReadonlySet<string> = new Set(["TSAsExpression", "TSSatisfiesExpression", "TSNonNullExpression", "TSTypeAssertion", "TSInstantiationExpression"]);

/** TS nodes that do run (enums, namespaces, parameter properties, `export =`, `import x = require()`). */
const RUNTIME_TS: ReadonlySet<string> = new Set([
  "TSEnumDeclaration",
  "TSEnumBody",
  "TSEnumMember",
  "TSModuleDeclaration",
  "TSModuleBlock",
  "TSParameterProperty",
  "TSExportAssignment",
  "TSImportEqualsDeclaration",
  "TSExternalModuleReference",
  ...TYPE_WRAPPERS,
]);

/** True for nodes with no runtime effect: types, interfaces, overload signatures, `declare`d things, type-only imports/exports. */
export function isTypeOnly(node: AstNode): boolean {
  if (node.type.startsWith("TS") && !RUNTIME_TS.has(node.type)) return true;
  if (node.declare === true) return true;
  if (node.importKind === "type" || node.exportKind === "type") return true;
  return false;
}

/** Name of an identifier-like node (`Identifier`, or a string `Literal` in import/export specifiers). */
export function nameOf(node: AstNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === "Identifier" || node.type === "PrivateIdentifier") return node.name as string;
  if (node.type === "Literal" && typeof node.value === "string") return node.value;
  return undefined;
}
