/**
 * Writes YAML for files pivot generates (lock files, tracking files): maps, lists and scalars only,
 * every string double-quoted (so hashes like `1e10` or `0123` never change type), keys plain when
 * safe. Deterministic and fast; read back with `Bun.YAML.parse`.
 *
 * Exact for JSON-like values: what is written reads back equal (key order, -0, NaN and ±Infinity
 * included). Like JSON, a map entry whose value is `undefined` is left out and an `undefined` list
 * item is written as null. Values YAML cannot hold (strings with lone surrogates, bigints, functions,
 * symbols, class instances, a map or list under the key `<<`) are refused with a `TypeError` naming where they are.
 * `machine-yaml.property.test.ts` proves the round trip on thousands of random documents.
 */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.\-]*$/;
const RESERVED_KEY = /^(true|false|null|yes|no|on|off|y|n|~)$/i;
/** Characters JSON leaves raw that YAML must see escaped: DEL, C1 controls, NEL, line/paragraph separators, BOM. */
const YAML_UNSAFE = /[\u007f-\u009f\u2028\u2029\ufeff]/g;

function quote(text: string, where: string): string {
  if (!text.isWellFormed()) throw new TypeError(`${where}: string with a lone surrogate cannot be written as YAML`);
  return JSON.stringify(text).replace(YAML_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function number(value: number): string {
  if (Number.isNaN(value)) return ".nan";
  if (value === Infinity) return ".inf";
  if (value === -Infinity) return "-.inf";
  return Object.is(value, -0) ? "-0" : String(value);
}

function scalar(value: unknown, where: string): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return quote(value, where);
  if (typeof value === "number") return number(value);
  if (typeof value === "boolean") return String(value);
  throw new TypeError(`${where}: a ${typeof value} cannot be written as YAML`);
}

function key(name: string, where: string): string {
  return PLAIN_KEY.test(name) && !RESERVED_KEY.test(name) ? name : quote(name, where);
}

function isMap(value: unknown, where: string): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new TypeError(`${where}: a ${proto?.constructor?.name ?? "object"} cannot be written as YAML`);
  return true;
}

function entriesOf(map: Record<string, unknown>, where: string): Array<[string, unknown]> {
  const entries = Object.entries(map).filter(([, v]) => v !== undefined);
  // Bun's parser merges any `<<` key (quoted or not) whose value is a map or list into its parent.
  if (entries.some(([k, v]) => k === "<<" && v !== null && typeof v === "object")) {
    throw new TypeError(`${where}: a map or list under the key '<<' cannot be written as YAML (it would read back merged)`);
  }
  return entries;
}

/**
 * Writes `value` after `head` (`key:`, `- key:` or `-`, already indented). Nested lines of a map or
 * list start at `childIndent`.
 */
function emit(value: unknown, head: string, childIndent: string, out: string[], where: string): void {
  if (Array.isArray(value)) {
    if (value.length === 0) return void out.push(`${head} []`);
    out.push(head);
    value.forEach((item, i) => emitItem(item, childIndent, out, `${where}[${i}]`));
    return;
  }
  if (isMap(value, where)) {
    const entries = entriesOf(value, where);
    if (entries.length === 0) return void out.push(`${head} {}`);
    out.push(head);
    for (const [k, v] of entries) emit(v, `${childIndent}${key(k, where)}:`, `${childIndent}  `, out, `${where}.${k}`);
    return;
  }
  out.push(`${head} ${scalar(value, where)}`);
}

/** A list item at `indent`: a non-empty map is written inline after `- `, its keys two columns in. */
function emitItem(item: unknown, indent: string, out: string[], where: string): void {
  const entries = isMap(item, where) ? entriesOf(item, where) : [];
  if (entries.length === 0) return emit(item, `${indent}-`, `${indent}  `, out, where);
  entries.forEach(([k, v], i) => emit(v, `${indent}${i === 0 ? "- " : "  "}${key(k, where)}:`, `${indent}    `, out, `${where}.${k}`));
}

/** YAML text of a map, with a trailing newline. */
export function toMachineYaml(document: Record<string, unknown>): string {
  const out: string[] = [];
  for (const [k, v] of entriesOf(document, "document")) emit(v, `${key(k, k)}:`, "  ", out, k);
  return out.length === 0 ? "{}\n" : `${out.join("\n")}\n`;
}
