import { closestMatches } from "@pivot/core/internal";
import { type Where, describeType, pipelineError } from "./yaml-errors";

/**
 * Variables visible to `${…}`: top-level names, nested maps addressed as `${a.b}`, list items as
 * `${a.0}`. Matrix values are laid over the `vars` values.
 */
export type VarScope = Readonly<Record<string, unknown>>;

const NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
const ESCAPE_HINT = "Write \\${ for a literal ${ (for example a shell variable: \\${HOME}).";

/** What `${name}` refers to, or undefined when nothing does. */
export function lookupVar(scope: VarScope, name: string): unknown {
  let value: unknown = scope;
  for (const segment of name.split(".")) {
    if (Array.isArray(value) && /^\d+$/.test(segment)) value = value[Number(segment)];
    else if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.hasOwn(value, segment))
      value = (value as Record<string, unknown>)[segment];
    else return undefined;
  }
  return value;
}

/** The variable name when `text` is exactly one `${name}` and nothing else. */
export function soleReference(text: string): string | undefined {
  const match = /^\$\{\s*([^{}]*?)\s*\}$/.exec(text);
  return match && NAME.test(match[1] ?? "") ? match[1] : undefined;
}

/** Every addressable name in the scope (`a`, `a.b`), for did-you-mean hints. */
export function knownVarNames(scope: VarScope, limit = 500): string[] {
  const names: string[] = [];
  const visit = (value: unknown, prefix: string) => {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (names.length >= limit) return;
      const name = prefix === "" ? key : `${prefix}.${key}`;
      names.push(name);
      if (child !== null && typeof child === "object" && !Array.isArray(child)) visit(child, name);
    }
  };
  visit(scope, "");
  return names;
}

/**
 * Replaces every `${name}` in `text` with its value from `scope`; `\${` stays a literal `${`.
 * Only strings, numbers and booleans can be interpolated (`true`, `0.1` — as JSON writes them).
 * `where` and `field` ("cmd", "outs item 2") name the culprit in errors.
 */
export function interpolate(text: string, scope: VarScope, where: Where, field: string): string {
  if (!text.includes("${")) return text;
  let result = "";
  let index = 0;
  while (index < text.length) {
    if (text.startsWith("\\${", index)) {
      result += "${";
      index += 3;
      continue;
    }
    if (!text.startsWith("${", index)) {
      result += text[index];
      index += 1;
      continue;
    }
    const end = text.indexOf("}", index + 2);
    if (end === -1) {
      throw pipelineError(where, `${field} ${JSON.stringify(text)} has an unterminated '\${'`, `Close it with '}'. ${ESCAPE_HINT}`);
    }
    const name = text.slice(index + 2, end).trim();
    if (!NAME.test(name)) {
      throw pipelineError(
        where,
        `${field} ${JSON.stringify(text)} has a malformed variable '\${${name}}'`,
        `Variables look like \${name} or \${section.key}. ${ESCAPE_HINT}`,
      );
    }
    result += valueText(lookupVar(scope, name), name, text, scope, where, field);
    index = end + 1;
  }
  return result;
}

function valueText(value: unknown, name: string, text: string, scope: VarScope, where: Where, field: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === undefined) {
    const known = knownVarNames(scope);
    const close = closestMatches(name, known);
    const suggestion = close.length > 0 ? `Did you mean ${close.map((c) => `'${c}'`).join(" or ")}? ` : "";
    const listed = known.length === 0 ? "No variables are defined (add `vars:` or a `matrix:`)." : `Known variables: ${known.slice(0, 20).join(", ")}${known.length > 20 ? ", …" : ""}.`;
    throw pipelineError(
      where,
      `unresolved variable '${name}' in ${field} ${JSON.stringify(text)}`,
      `${suggestion}${listed} ${ESCAPE_HINT}`,
    );
  }
  throw pipelineError(
    where,
    `variable '${name}' in ${field} ${JSON.stringify(text)} is ${describeType(value)}, not a string, number or boolean`,
    "Point at a single value inside it, e.g. ${section.key}.",
  );
}
