import { PivotError } from "@pivot/core/internal";

/** Values visible to DVC's `${…}`: vars, params.yaml, and `item`/`key` inside foreach/matrix. */
export type DvcScope = Record<string, unknown>;

const REFERENCE = /(?<!\\)\$\{\s*([^{}]+?)\s*\}/g;

export function lookupDvc(scope: DvcScope, name: string): unknown {
  let node: unknown = scope;
  for (const part of name.split(".")) {
    if (Array.isArray(node) && /^\d+$/.test(part)) node = node[Number(part)];
    else if (node !== null && typeof node === "object" && Object.hasOwn(node, part)) node = (node as Record<string, unknown>)[part];
    else return undefined;
  }
  return node;
}

/** True when any string inside `value` refers to a name matching `pattern` (e.g. `key`, `item.x`). */
export function refersTo(value: unknown, test: (name: string) => boolean): boolean {
  if (typeof value === "string") return [...value.matchAll(REFERENCE)].some((match) => test(match[1]!.trim()));
  if (Array.isArray(value)) return value.some((item) => refersTo(item, test));
  if (value !== null && typeof value === "object") return Object.entries(value).some(([key, item]) => refersTo(key, test) || refersTo(item, test));
  return false;
}

/** Rewrites the names inside every `${…}` of every string (keys included). */
export function renameReferences(value: unknown, rename: (name: string) => string): unknown {
  if (typeof value === "string") return value.replace(REFERENCE, (_whole, name: string) => `\${${rename(name.trim())}}`);
  if (Array.isArray(value)) return value.map((item) => renameReferences(item, rename));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [renameReferences(key, rename) as string, renameReferences(item, rename)]));
  }
  return value;
}

/**
 * Resolves DVC templates in a value: a string that is exactly one `${x}` becomes x's value; other
 * strings get each `${x}` replaced by its text (strings, numbers, booleans). Unknown names are
 * DVC_INVALID naming `where`.
 */
export function resolveDvc(value: unknown, scope: DvcScope, where: string): unknown {
  if (typeof value === "string") {
    const whole = /^\$\{\s*([^{}]+?)\s*\}$/.exec(value);
    if (whole) return valueOf(whole[1]!, scope, where);
    return value.replace(REFERENCE, (_m, name: string) => {
      const found = valueOf(name.trim(), scope, where);
      if (found !== null && typeof found === "object") {
        throw new PivotError("DVC_INVALID", `${where}: \${${name}} is a map or list and cannot be put inside text`, { hint: "Point at one value inside it." });
      }
      return found === true ? "true" : found === false ? "false" : String(found);
    }).replaceAll("\\${", "${");
  }
  if (Array.isArray(value)) return value.map((item) => resolveDvc(item, scope, where));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [String(resolveDvc(key, scope, where)), resolveDvc(item, scope, where)]));
  }
  return value;
}

function valueOf(name: string, scope: DvcScope, where: string): unknown {
  const found = lookupDvc(scope, name.trim());
  if (found === undefined) {
    throw new PivotError("DVC_INVALID", `${where}: \${${name}} names nothing in vars, params.yaml or the loop`, {
      hint: "Define it under `vars:` in dvc.yaml or in params.yaml.",
    });
  }
  return found;
}

/** DVC's text of a loop value in a generated stage name (`true`, `0.1`, `small`). */
export function dvcKeyText(value: unknown): string {
  return value === true ? "true" : value === false ? "false" : String(value);
}

const isScalar = (value: unknown) => typeof value === "string" || typeof value === "number" || typeof value === "boolean";
export const allScalars = (values: unknown): values is Array<string | number | boolean> => Array.isArray(values) && values.length > 0 && values.every(isScalar);
