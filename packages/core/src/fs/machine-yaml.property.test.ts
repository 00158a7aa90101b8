import { describe, expect, test } from "bun:test";
import { parse as parseWithYamlPackage } from "yaml";
import { toMachineYaml } from "./machine-yaml";

/** mulberry32: a small seeded generator, so a failing case can be replayed from its seed. */
function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TRICKY_STRINGS = [
  "", " ", "  lead", "trail  ", "a: b", "a:b", "- x", "#hash", "x #y", "? q", "*alias", "&anchor", "!tag", "%TAG", "@at", "`tick", "|", ">",
  "null", "Null", "~", "true", "False", "yes", "no", "on", "off", "y", "n", "1e10", "0123", "0x1F", "0o17", ".inf", "-.inf", ".nan", "1_000",
  "12:30:00", "2001-12-14", "'single'", '"double"', "back\\slash", "\\n", "tab\there", "line\nbreak", "cr\rlf\r\n", "{a: 1}", "[1, 2]", ",",
  "\u0000nul", "\u0007bell", "\u001besc", "\u007fdel", "\u0085nel", "\u009fc1", "\u00a0nbsp", "\u2028ls", "\u2029ps", "\ufeffbom", "\ufffe",
  "é", "日本語", "😀", "e\u0301", "\u{10ffff}", "<<", "=", "---", "...", "-", "-1", "+1", "0.", ".5",
];
const TRICKY_KEYS = ["a", "b.c", "x-y", "_", "key with space", "a:b", "k: v", "", "null", "true", "yes", "y", "~", "1", "0x10", "-", "#c", "é", "😀", "__proto__", "constructor", "<<", "line\nkey", "\u0085"];
const TRICKY_NUMBERS = [0, -0, 1, -1, 0.1, 1.5e-7, 5e-324, 1e21, 1.7976931348623157e308, Number.MAX_SAFE_INTEGER + 2, -123456789, 2 ** 60, NaN, Infinity, -Infinity];

function randomString(next: () => number): string {
  if (next() < 0.5) return TRICKY_STRINGS[Math.floor(next() * TRICKY_STRINGS.length)]!;
  let s = "";
  const length = Math.floor(next() * 12);
  for (let i = 0; i < length; i++) {
    const pick = next();
    // Mostly printable ASCII, some control characters, BMP and astral code points (never lone surrogates).
    const code =
      pick < 0.6 ? 0x20 + Math.floor(next() * 95) : pick < 0.7 ? Math.floor(next() * 0x20) : pick < 0.9 ? 0x80 + Math.floor(next() * 0xd700) : 0x10000 + Math.floor(next() * 0xfffff);
    s += String.fromCodePoint(code);
  }
  return s;
}

function randomValue(next: () => number, depth: number): unknown {
  const pick = next();
  if (depth > 0 && pick < 0.3) {
    const length = Math.floor(next() * 4);
    return Array.from({ length }, () => randomValue(next, depth - 1));
  }
  if (depth > 0 && pick < 0.6) return randomMap(next, depth - 1);
  if (pick < 0.75) return randomString(next);
  if (pick < 0.85) return next() < 0.5 ? TRICKY_NUMBERS[Math.floor(next() * TRICKY_NUMBERS.length)]! : Math.round((next() - 0.5) * 1e6) / (next() < 0.5 ? 1 : 1000);
  if (pick < 0.93) return next() < 0.5;
  return null;
}

function randomMap(next: () => number, depth: number): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  const size = Math.floor(next() * 5);
  for (let i = 0; i < size; i++) {
    const name = next() < 0.5 ? TRICKY_KEYS[Math.floor(next() * TRICKY_KEYS.length)]! : randomString(next);
    let value = randomValue(next, depth);
    // A map or list under `<<` is refused (a YAML merge key); its own test below.
    if (name === "<<" && value !== null && typeof value === "object") value = "merge";
    // defineProperty: `__proto__` becomes an own key, as a YAML or JSON parser makes it.
    Object.defineProperty(map, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return map;
}

/** Exact equality: same key order, Object.is for numbers (so -0 and NaN count), same types. */
function sameValue(a: unknown, b: unknown, path = "$"): string | undefined {
  if (typeof a === "number" || typeof b === "number") return Object.is(a, b) ? undefined : `${path}: ${String(a)} ≠ ${String(b)}`;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b ? undefined : `${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: list vs map`;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.join("\u0000") !== keysB.join("\u0000")) return `${path}: keys ${JSON.stringify(keysA)} ≠ ${JSON.stringify(keysB)}`;
  for (const k of keysA) {
    const problem = sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (problem) return problem;
  }
  return undefined;
}

function checkRoundTrips(cases: number, firstSeed: number, read: (text: string) => unknown): void {
  for (let seed = firstSeed; seed < firstSeed + cases; seed++) {
    const doc = randomMap(randomSource(seed), 5);
    const text = toMachineYaml(doc);
    let problem: string | undefined;
    try {
      problem = sameValue(read(text), doc);
    } catch (error) {
      problem = `does not parse: ${(error as Error).message}`;
    }
    if (problem) throw new Error(`seed ${seed}: ${problem}\n--- written:\n${text}`);
  }
}

describe("toMachineYaml round trip (property)", () => {
  test("5000 random nested documents read back equal through Bun's YAML parser", () => {
    checkRoundTrips(5000, 1, (text) => Bun.YAML.parse(text));
  });

  test("1000 random nested documents read back equal through the yaml package (lock files stay readable by other tools)", () => {
    checkRoundTrips(1000, 100_000, (text) => parseWithYamlPackage(text));
  });

  test("maps inside list items keep their nesting", () => {
    const doc = { a: [{ x: { y: 1 }, z: 2 }], model: { layers: [{ name: "conv", opts: { k: 3 } }, [{ deep: [{ e: {} }] }], []] } };
    expect(Bun.YAML.parse(toMachineYaml(doc))).toEqual(doc);
    expect(toMachineYaml({ a: [{ x: { w: 1 }, z: 2 }] })).toBe('a:\n  - x:\n      w: 1\n    z: 2\n');
  });

  test("values YAML cannot hold are refused with where they are", () => {
    expect(() => toMachineYaml({ p: { list: ["ok", "\ud800"] } })).toThrow("p.list[1]: string with a lone surrogate");
    expect(() => toMachineYaml({ n: 1n })).toThrow("n: a bigint");
    expect(() => toMachineYaml({ d: new Date(0) })).toThrow("d: a Date");
    expect(() => toMachineYaml({ p: [{ "<<": { a: 1 } }] })).toThrow("p[0]: a map or list under the key '<<'");
  });

  test("undefined map entries are left out, as in JSON", () => {
    expect(Bun.YAML.parse(toMachineYaml({ a: undefined, b: [undefined], c: { d: undefined } }))).toEqual({ b: [null], c: {} });
  });
});
