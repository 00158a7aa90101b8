import { describe, expect, test } from "bun:test";
import { parseSync } from "oxc-parser";
import type { AstNode } from "./ast";
import { freeReferences } from "./free-references";

/** Free references of the first statement of `source`. */
function refsOf(source: string): string[] {
  const program = parseSync("x.ts", source, { preserveParens: false }).program as unknown as AstNode;
  const first = (program.body as AstNode[])[0]!;
  return freeReferences(first).map((r) => ("dynamicImport" in r ? `import(${r.dynamicImport})` : r.member ? `${r.name}.${r.member}` : r.name));
}

describe("freeReferences", () => {
  test("parameters, locals and the function's own locals are not free", () => {
    expect(refsOf("function f(a, { b, c: [d] }, ...e) { const x = a + b + d; let y; var z; return helper(x, y, z, e, K); }")).toEqual(["helper", "K"]);
  });

  test("block scopes end where the block ends", () => {
    expect(refsOf("function f() { { const t = 1; use(t); } return t; }")).toEqual(["use", "t"]);
  });

  test("var is function-scoped, even declared in a nested block", () => {
    expect(refsOf("function f() { if (x) { var v = 1; } return v; }")).toEqual(["x"]);
  });

  test("loop heads, catch clauses and labels bind nothing outside", () => {
    expect(refsOf("function f() { outer: for (const i of items) { try { g(i); } catch (err) { h(err); break outer; } } }")).toEqual(["items", "g", "h"]);
  });

  test("member reads record the member; computed ones do not", () => {
    expect(refsOf("const f = () => u.norm(x[k]) + u.scale;")).toEqual(["u.norm", "x", "k", "u.scale"]);
  });

  test("object keys are not references but shorthand values are", () => {
    expect(refsOf("const o = { key: 1, [dyn]: 2, short, m() { return inner; } };")).toEqual(["dyn", "short", "inner"]);
  });

  test("default values and computed pattern keys are references", () => {
    expect(refsOf("function f(a = DEFAULT, { [KEY]: b } = {}) { return a + b; }")).toEqual(["DEFAULT", "KEY"]);
  });

  test("a class refers to itself without a free reference, but its base and members' uses count", () => {
    expect(refsOf("class A extends Base { static make() { return new A(helper()); } x = INIT; }")).toEqual(["Base", "helper", "INIT"]);
  });

  test("types are not references", () => {
    expect(refsOf("function f(rows: Row[]): Out { const n = rows.length as Count; return <Out>{ n } satisfies Out; }")).toEqual([]);
  });

  test("dynamic imports with a literal specifier are recorded", () => {
    expect(refsOf("async function f() { const m = await import('./lazy'); return require('./old'); }")).toEqual(["import(./lazy)", "import(./old)"]);
  });

  test("a function expression's own name is bound inside it", () => {
    expect(refsOf("const fact = function self(n) { return n ? n * self(n - 1) : ONE; };")).toEqual(["ONE"]);
  });
});
