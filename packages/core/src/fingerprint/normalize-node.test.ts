import { describe, expect, test } from "bun:test";
import { parseSync } from "oxc-parser";
import type { AstNode } from "./ast";
import { hashNode } from "./normalize-node";

const hashOf = (source: string) => hashNode(parseSync("x.ts", source, { preserveParens: false }).program as unknown as AstNode);

describe("hashNode", () => {
  test("comments, whitespace, parentheses and quote style do not count", () => {
    const a = hashOf("function f(a) { return (a + 'x'); }");
    const b = hashOf("// helper\nfunction f( a ) {\n  /* sum */\n  return a + \"x\"\n}\n");
    expect(b).toBe(a);
  });

  test("TypeScript types do not count", () => {
    const a = hashOf("function f(a) { return a as number; }");
    const b = hashOf("interface I { x: 1 }\nfunction f(a: string | number): number { return a as unknown as number; }");
    expect(b).toBe(a);
  });

  test("a changed literal, operator or name counts", () => {
    const base = hashOf("const k = a + 1;");
    expect(hashOf("const k = a + 2;")).not.toBe(base);
    expect(hashOf("const k = a - 1;")).not.toBe(base);
    expect(hashOf("const k = b + 1;")).not.toBe(base);
  });

  test("optional chaining counts, optional parameters do not", () => {
    expect(hashOf("f(a?.b);")).not.toBe(hashOf("f(a.b);"));
    expect(hashOf("function f(x?: number) {}")).toBe(hashOf("function f(x) {}"));
  });

  test("is a 16-character hex string", () => {
    expect(hashOf("1")).toMatch(/^[0-9a-f]{16}$/);
  });
});
