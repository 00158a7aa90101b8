import { type AstNode, TYPE_KEYS, TYPE_WRAPPERS, isNode, isTypeOnly } from "./ast";

/** Position and spelling details that never change what code does. */
const IGNORED_KEYS: ReadonlySet<string> = new Set(["start", "end", "range", "loc", "raw", "definite", "accessibility", "readonly", "override", "declare", ...TYPE_KEYS]);

/** `optional` means `a?.b` on members and calls; elsewhere it is a TS `x?:` annotation. */
const RUNTIME_OPTIONAL: ReadonlySet<string> = new Set(["MemberExpression", "CallExpression"]);

function write(value: unknown, out: string[]): void {
  if (Array.isArray(value)) {
    out.push("[");
    for (const item of value) {
      if (isNode(item) && isTypeOnly(item)) continue;
      write(item, out);
      out.push(",");
    }
    out.push("]");
    return;
  }
  if (value === null || typeof value !== "object") {
    out.push(typeof value === "bigint" ? `${value}n` : (JSON.stringify(value) ?? "u"));
    return;
  }
  if (value instanceof RegExp) {
    out.push(JSON.stringify(String(value)));
    return;
  }
  if (isNode(value)) {
    if (TYPE_WRAPPERS.has(value.type)) return write(value.expression, out);
    if (isTypeOnly(value)) {
      out.push("null");
      return;
    }
  }
  const record = value as Record<string, unknown>;
  const type = isNode(value) ? value.type : undefined;
  out.push("{");
  for (const key of Object.keys(record)) {
    if (IGNORED_KEYS.has(key)) continue;
    if (key === "optional" && !(type && RUNTIME_OPTIONAL.has(type))) continue;
    out.push(key, ":");
    write(record[key], out);
    out.push(",");
  }
  out.push("}");
}

/**
 * A canonical text of what a piece of code does: the AST without positions, comments,
 * formatting, literal spelling (`'a'` vs `"a"`) or TypeScript types.
 */
export function normalizedText(node: AstNode): string {
  const out: string[] = [];
  write(node, out);
  return out.join("");
}

/** 16 hex chars of XXH64. */
export function shortHash(text: string | Uint8Array): string {
  return Bun.hash.xxHash64(text).toString(16).padStart(16, "0");
}

/** Hash of a node's normalized form. */
export function hashNode(node: AstNode): string {
  return shortHash(normalizedText(node));
}
