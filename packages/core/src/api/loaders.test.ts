import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isLoader, loaders as l } from "./loaders";

const dir = mkdtempSync(join(tmpdir(), "pivot-loaders-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => join(dir, name);

describe("built-in loaders", () => {
  test("json saves with a trailing newline and loads back", async () => {
    const loader = l.json<{ a: number[] }>("x.json");
    await loader.save({ a: [1, 2] }, file("x.json"));
    expect(readFileSync(file("x.json"), "utf8")).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}\n');
    expect(await loader.load(file("x.json"))).toEqual({ a: [1, 2] });
  });

  test("yaml round-trips", async () => {
    const loader = l.yaml("x.yaml");
    await loader.save({ a: { b: "c d" } }, file("x.yaml"));
    expect(await loader.load(file("x.yaml"))).toEqual({ a: { b: "c d" } });
  });

  test("csv loads rows as objects and saves them", async () => {
    writeFileSync(file("r.csv"), "name,score\nada,0.5\n");
    const loader = l.csv<{ name: string; score: number }>("r.csv");
    const rows = await loader.load(file("r.csv"));
    expect(rows).toEqual([{ name: "ada", score: 0.5 }]);
    await loader.save([...rows, { name: "b,c", score: 1 }], file("w.csv"));
    expect(readFileSync(file("w.csv"), "utf8")).toBe('name,score\nada,0.5\n"b,c",1\n');
  });

  test("csv load errors carry the line", async () => {
    writeFileSync(file("bad.csv"), "a,b\n1\n");
    expect(Promise.resolve(l.csv("bad.csv").load(file("bad.csv")))).rejects.toThrow("line 2");
  });

  test("text and bytes", async () => {
    await l.text("t.txt").save("hi", file("t.txt"));
    expect(await l.text("t.txt").load(file("t.txt"))).toBe("hi");
    await l.bytes("b.bin").save(new Uint8Array([1, 2]), file("b.bin"));
    expect([...(await l.bytes("b.bin").load(file("b.bin")))]).toEqual([1, 2]);
  });

  test("path and directory hand over the path and are not returned", async () => {
    expect(await l.path("p.bin").load("/abs/p.bin")).toBe("/abs/p.bin");
    expect(l.path("p.bin").returned).toBe(false);
    expect(l.directory("models").out.isDir).toBe(true);
    expect(l.path("models/").out.isDir).toBe(true);
  });

  test("metric is uncached JSON (or YAML by extension)", async () => {
    expect(l.metric("m.json").out).toEqual({ kind: "metric", cache: false, isDir: false });
    await l.metric("m.yaml").save({ acc: 0.9 }, file("m.yaml"));
    expect(readFileSync(file("m.yaml"), "utf8")).toContain("acc: 0.9");
  });

  test("plot picks its format from the extension and keeps plot options", async () => {
    const loader = l.plot<{ x: number; y: number }>("p.csv", { x: "x", y: "y", template: "line" });
    expect(loader.out).toEqual({ kind: "plot", cache: true, isDir: false, plot: { x: "x", y: "y", template: "line" } });
    await loader.save([{ x: 1, y: 2 }], file("p.csv"));
    expect(readFileSync(file("p.csv"), "utf8")).toBe("x,y\n1,2\n");
    expect(() => l.plot("p.png")).toThrow(".csv, .tsv or .json");
  });

  test("incremental marks the out kind", () => {
    const loader = l.incremental(l.json("s.json", { cache: false }));
    expect(loader.incremental).toBe(true);
    expect(loader.out).toEqual({ kind: "incremental", cache: false, isDir: false });
  });

  test("define makes a user loader factory", async () => {
    const upper = l.define<string>({ name: "upper", load: (p) => readFileSync(p, "utf8").toUpperCase(), save: (v, p) => writeFileSync(p, v) });
    const loader = upper("u.txt", { cache: false });
    expect(isLoader(loader)).toBe(true);
    expect(loader.name).toBe("upper");
    expect(loader.out.cache).toBe(false);
    await loader.save("abc", file("u.txt"));
    expect(await loader.load(file("u.txt"))).toBe("ABC");
  });

  test("a loader needs a path", () => {
    expect(() => l.json("")).toThrow("needs a path");
  });
});
