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
  | { kind: "scalar"; line: number }
  /** A value deeper than the first parse keeps lines for (see TREE_DEPTH). */
  | { kind: "deep" };

/**
 * Values nested this deep or deeper get no line nodes on the first parse: a pipeline's stage
 * maps are at depth 2, so the first parse keeps the line of each stage's key (asked for every
 * stage) but nothing inside a stage, whose lines only messages ask for. The first deeper question
 * parses the text again with every line kept. A 100 000-stage file then parses without a node
 * per value.
 */
const TREE_DEPTH = 2;
const DEEP: SimpleNode = { kind: "deep" };

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

/** The lines that hold something (not blank, not a comment), as offsets into the text. */
interface Lines {
  count: number;
  /** 1-based line number. */
  number: Int32Array;
  indent: Int32Array;
  /** Offset of the first character after the indentation, and of the line's end. */
  bodyStart: Int32Array;
  end: Int32Array;
}

/** Indexes the lines of `text`, or undefined when one has trailing spaces (left to the real parser). */
function indexLines(text: string): Lines | undefined {
  let count = 0;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) count += 1;
  const size = count + 1;
  const lines: Lines = { count: 0, number: new Int32Array(size), indent: new Int32Array(size), bodyStart: new Int32Array(size), end: new Int32Array(size) };
  let start = 0;
  for (let number = 1; start <= text.length; number++) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    let body = start;
    while (body < end && text.charCodeAt(body) === 0x20) body += 1;
    if (body < end && text.charCodeAt(body) !== 0x23 /* # */) {
      if (text.charCodeAt(end - 1) === 0x20) return undefined;
      const i = lines.count++;
      lines.number[i] = number;
      lines.indent[i] = body - start;
      lines.bodyStart[i] = body;
      lines.end[i] = end;
    }
    start = end + 1;
  }
  return lines;
}

class Bail extends Error {}
const bail = (): never => {
  throw new Bail();
};

/** Parses `text` when it is plain block YAML (see above); undefined means "use the real parser". */
export function parseSimpleYaml(text: string): SimpleYaml | undefined {
  // tabs, CRs, other control characters and a BOM: leave to the real parser
  if (/[\x00-\x09\x0b-\x1f\x7f\uFEFF]/.test(text)) return undefined;
  const first = parseTree(text, TREE_DEPTH);
  if (!first) return undefined;
  let full: SimpleNode | undefined;
  const fullTree = () => (full ??= parseTree(text, Infinity)!.node);
  return { data: first.data, lineOf: (path) => lineIn(first.node, path, fullTree) };
}

/** The line of `path`, from `root`; a path into a value `root` kept no lines for is looked up in `fullTree()`. */
function lineIn(root: SimpleNode, path: SimplePath, fullTree: () => SimpleNode): number | undefined {
  let node: SimpleNode | undefined = root;
  let line = root.kind === "deep" ? undefined : root.line;
  for (const step of path) {
    if (node?.kind === "deep") return lineIn(fullTree(), path, fullTree);
    if (node?.kind === "map") {
      const pair = node.pairs.get(String(step));
      if (!pair) return line;
      line = pair.keyLine;
      node = pair.value;
    } else if (node?.kind === "seq" && typeof step === "number") {
      node = node.items[step];
      line = node !== undefined && node.kind !== "deep" ? node.line : line;
    } else {
      return line;
    }
  }
  return line;
}

/** The document's data and line nodes (down to `treeDepth`), or undefined for text the fast path leaves. */
function parseTree(text: string, treeDepth: number): { node: SimpleNode; data: unknown } | undefined {
  const found = indexLines(text);
  if (!found || found.count === 0 || found.indent[0] !== 0) return undefined;
  const lines: Lines = found;
  const bodyOf = (i: number) => text.slice(lines.bodyStart[i]!, lines.end[i]!);
  let next = 0;
  const indentAt = (i: number) => (i < lines.count ? lines.indent[i]! : -1);

  /** A block map whose keys sit at `indent`. */
  function parseMap(indent: number, depth: number): { node: SimpleNode; data: Record<string, unknown> } {
    const keep = depth < treeDepth;
    const pairs = keep ? new Map<string, { keyLine: number; value: SimpleNode }>() : undefined;
    const data: Record<string, unknown> = {};
    const firstLine = lines.number[next]!;
    while (next < lines.count && lines.indent[next] === indent) {
      const body = bodyOf(next);
      const lineNumber = lines.number[next]!;
      const colon = body.indexOf(":");
      if (colon <= 0) bail();
      const key = body.slice(0, colon);
      if (!KEY.test(key) || CORE_WORDS.test(key) || key === "__proto__" || Object.hasOwn(data, key)) bail();
      const rest = body.slice(colon + 1);
      next += 1;
      let value: { node: SimpleNode; data: unknown };
      if (rest === "") value = parseNested(indent, lineNumber, depth + 1);
      else if (rest.startsWith(" ")) value = parseInline(rest.slice(1), lineNumber, depth + 1);
      else value = bail();
      // a value on the key's line must not continue on the next lines (a multi-line scalar)
      if (rest !== "" && indentAt(next) > indent) bail();
      pairs?.set(key, { keyLine: lineNumber, value: value.node });
      data[key] = value.data;
    }
    if (indentAt(next) > indent) bail();
    return { node: pairs ? { kind: "map", line: firstLine, pairs } : DEEP, data };
  }

  /** What follows `key:` on the next, more indented lines: a map, a list, or nothing (null). */
  function parseNested(parentIndent: number, keyLine: number, depth: number): { node: SimpleNode; data: unknown } {
    if (next >= lines.count || lines.indent[next]! <= parentIndent) {
      // `key:` alone: null (a list at the key's own indentation is left to the real parser)
      if (next < lines.count && lines.indent[next] === parentIndent && text.charCodeAt(lines.bodyStart[next]!) === 0x2d /* - */) bail();
      return { node: depth < treeDepth ? { kind: "scalar", line: keyLine } : DEEP, data: null };
    }
    if (text.charCodeAt(lines.bodyStart[next]!) === 0x2d /* - */) return parseSeq(lines.indent[next]!, depth);
    return parseMap(lines.indent[next]!, depth);
  }

  /** A block list whose `- ` sit at `indent`, each item a plain string. */
  function parseSeq(indent: number, depth: number): { node: SimpleNode; data: unknown[] } {
    const keep = depth < treeDepth;
    const items: SimpleNode[] = [];
    const data: unknown[] = [];
    const firstLine = lines.number[next]!;
    while (next < lines.count && lines.indent[next] === indent) {
      const body = bodyOf(next);
      if (!body.startsWith("- ")) bail();
      const item = plainString(body.slice(2), false) ?? bail();
      if (keep) items.push({ kind: "scalar", line: lines.number[next]! });
      data.push(item);
      next += 1;
    }
    if (indentAt(next) > indent) bail();
    return { node: keep ? { kind: "seq", line: firstLine, items } : DEEP, data };
  }

  /** A value on the key's own line: a plain string or a one-line `[a, b]` list of them. */
  function parseInline(value: string, lineNumber: number, depth: number): { node: SimpleNode; data: unknown } {
    const keep = depth < treeDepth;
    if (value.startsWith("[")) {
      if (!value.endsWith("]")) bail();
      const inner = value.slice(1, -1).trim();
      const data = inner === "" ? [] : inner.split(",").map((part) => plainString(part.trim(), true) ?? bail());
      const items = keep ? data.map((): SimpleNode => ({ kind: "scalar", line: lineNumber })) : [];
      return { node: keep ? { kind: "seq", line: lineNumber, items } : DEEP, data };
    }
    return { node: keep ? { kind: "scalar", line: lineNumber } : DEEP, data: plainString(value, false) ?? bail() };
  }

  try {
    if (text.charCodeAt(lines.bodyStart[0]!) === 0x2d /* - */) return undefined;
    const root = parseMap(0, 0);
    return next === lines.count ? root : undefined;
  } catch (error) {
    if (error instanceof Bail) return undefined;
    throw error;
  }
}
