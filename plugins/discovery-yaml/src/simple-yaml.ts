/**
 * A fast path for the plain block YAML most pipeline files are written in: nested `key: value`
 * maps, `- item` lists and one-line `[a, b]` lists of plain strings. It accepts only text whose
 * meaning is beyond doubt and returns undefined for anything else — quotes, anchors, tags,
 * comments after values, multi-line or block scalars, numbers, booleans, nulls written as words,
 * duplicate keys, tabs, unusual indentation… — so the caller parses that with the `yaml` package,
 * which gives the same result (and the same errors) as before. Cold, the `yaml` package takes
 * ~100 ms for a 300-stage file; this takes a few.
 */

/** A key path into the document: map keys and list indexes. */
export type SimplePath = readonly (string | number)[];

type SimpleNode =
  | { kind: "map"; line: number; pairs: Map<string, { keyLine: number; value: SimpleNode }> }
  | { kind: "seq"; line: number; items: SimpleNode[] }
  | { kind: "scalar"; line: number };

export interface SimpleYaml {
  data: unknown;
  lineOf(path: SimplePath): number | undefined;
}

/** Keys: identifiers, stage names and the like (no `<<`, no number, boolean or null words). */
const KEY = /^[A-Za-z_][A-Za-z0-9_.@/-]*$/;
/** Words the YAML 1.2 core schema reads as null or booleans (any case the spec allows). */
const CORE_WORDS = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
/** Characters a plain scalar may not start with (YAML indicators), besides digits and signs. */
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`.+0-9~]/;

/**
 * A one-line plain scalar that the core schema can only read as this exact string, or undefined.
 * `flow`: inside `[...]`, where `,[]{}` end the scalar.
 */
function plainString(text: string, flow: boolean): string | undefined {
  if (text === "" || INDICATOR_START.test(text) || CORE_WORDS.test(text) || text.startsWith(" ") || text.endsWith(" ")) return undefined;
  // `: ` / trailing `:` would make a mapping, ` #` a comment; quotes and backslashes are left to
  // the real parser; flow indicators (and any `:`) end a scalar inside [...].
  if (/:(?: |$)| #|["'\\]/.test(text)) return undefined;
  if (flow && /[,:[\]{}]/.test(text)) return undefined;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return undefined;
  }
  return text;
}

interface Line {
  number: number;
  indent: number;
  /** The line without its indentation. */
  body: string;
}

class Bail extends Error {}
const bail = (): never => {
  throw new Bail();
};

/** Parses `text` when it is plain block YAML (see above); undefined means "use the real parser". */
export function parseSimpleYaml(text: string): SimpleYaml | undefined {
  // tabs, CRs, other control characters and a BOM: leave to the real parser
  if (/[\x00-\x09\x0b-\x1f\x7f\uFEFF]/.test(text)) return undefined;
  const lines: Line[] = [];
  const raw = text.split("\n");
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!;
    const body = line.trimStart();
    if (body === "" || body.startsWith("#")) continue;
    if (line.trimEnd() !== line) return undefined; // trailing spaces: leave to the real parser
    lines.push({ number: i + 1, indent: line.length - body.length, body });
  }
  if (lines.length === 0 || lines[0]!.indent !== 0) return undefined;
  let next = 0;

  /** A block map whose keys sit at `indent`. */
  function parseMap(indent: number): { node: SimpleNode; data: Record<string, unknown> } {
    const pairs = new Map<string, { keyLine: number; value: SimpleNode }>();
    const data: Record<string, unknown> = {};
    const first = lines[next]!;
    while (next < lines.length && lines[next]!.indent === indent) {
      const line = lines[next]!;
      const colon = line.body.indexOf(":");
      if (colon <= 0) bail();
      const key = line.body.slice(0, colon);
      if (!KEY.test(key) || CORE_WORDS.test(key) || key === "__proto__" || pairs.has(key)) bail();
      const rest = line.body.slice(colon + 1);
      next += 1;
      let value: { node: SimpleNode; data: unknown };
      if (rest === "") value = parseNested(indent, line.number);
      else if (rest.startsWith(" ")) value = parseInline(rest.slice(1), line.number);
      else value = bail();
      // a value on the key's line must not continue on the next lines (a multi-line scalar)
      if (rest !== "" && next < lines.length && lines[next]!.indent > indent) bail();
      pairs.set(key, { keyLine: line.number, value: value.node });
      data[key] = value.data;
    }
    if (next < lines.length && lines[next]!.indent > indent) bail();
    return { node: { kind: "map", line: first.number, pairs }, data };
  }

  /** What follows `key:` on the next, more indented lines: a map, a list, or nothing (null). */
  function parseNested(parentIndent: number, keyLine: number): { node: SimpleNode; data: unknown } {
    const line = lines[next];
    if (!line || line.indent <= parentIndent) {
      // `key:` alone: null (a list at the key's own indentation is left to the real parser)
      if (line && line.indent === parentIndent && line.body.startsWith("-")) bail();
      return { node: { kind: "scalar", line: keyLine }, data: null };
    }
    if (line.body.startsWith("-")) return parseSeq(line.indent);
    return parseMap(line.indent);
  }

  /** A block list whose `- ` sit at `indent`, each item a plain string. */
  function parseSeq(indent: number): { node: SimpleNode; data: unknown[] } {
    const items: SimpleNode[] = [];
    const data: unknown[] = [];
    const first = lines[next]!;
    while (next < lines.length && lines[next]!.indent === indent) {
      const line = lines[next]!;
      if (!line.body.startsWith("- ")) bail();
      const item = plainString(line.body.slice(2), false) ?? bail();
      items.push({ kind: "scalar", line: line.number });
      data.push(item);
      next += 1;
    }
    if (next < lines.length && lines[next]!.indent > indent) bail();
    return { node: { kind: "seq", line: first.number, items }, data };
  }

  /** A value on the key's own line: a plain string or a one-line `[a, b]` list of them. */
  function parseInline(value: string, lineNumber: number): { node: SimpleNode; data: unknown } {
    if (value.startsWith("[")) {
      if (!value.endsWith("]")) bail();
      const inner = value.slice(1, -1).trim();
      const data = inner === "" ? [] : inner.split(",").map((part) => plainString(part.trim(), true) ?? bail());
      return { node: { kind: "seq", line: lineNumber, items: data.map(() => ({ kind: "scalar", line: lineNumber })) }, data };
    }
    return { node: { kind: "scalar", line: lineNumber }, data: plainString(value, false) ?? bail() };
  }

  let root: { node: SimpleNode; data: unknown };
  try {
    if (lines[0]!.body.startsWith("-")) return undefined;
    root = parseMap(0);
    if (next !== lines.length) return undefined;
  } catch (error) {
    if (error instanceof Bail) return undefined;
    throw error;
  }

  const rootNode = root.node;
  function lineOf(path: SimplePath): number | undefined {
    let node: SimpleNode | undefined = rootNode;
    let line = rootNode.line;
    for (const step of path) {
      if (node?.kind === "map") {
        const pair = node.pairs.get(String(step));
        if (!pair) return line;
        line = pair.keyLine;
        node = pair.value;
      } else if (node?.kind === "seq" && typeof step === "number") {
        node = node.items[step];
        line = node?.line ?? line;
      } else {
        return line;
      }
    }
    return line;
  }
  return { data: root.data, lineOf };
}
