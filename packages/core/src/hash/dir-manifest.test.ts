import { describe, expect, test } from "bun:test";
import { PivotError } from "../errors/pivot-error";
import { parseManifest, serializeManifest, type DirManifest } from "./dir-manifest";

const H1 = "6bba86c7e069f56d5a10b435f1c8e49c";
const H2 = "99aa06d3014798d86001c324468d497f";

const manifest: DirManifest = {
  version: 1,
  entries: [
    { path: "a.txt", hash: H1, size: 6, exec: false },
    { path: "bin/run", hash: H2, size: 0, exec: true },
  ],
};

function parseError(text: string): PivotError {
  try {
    parseManifest(text, "abc.dir");
  } catch (error) {
    return error as PivotError;
  }
  throw new Error("expected parseManifest to throw");
}

describe("serializeManifest", () => {
  test("writes canonical JSON with fixed key order and no whitespace", () => {
    expect(serializeManifest(manifest)).toBe(
      `{"version":1,"entries":[{"path":"a.txt","hash":"${H1}","size":6,"exec":false},` +
        `{"path":"bin/run","hash":"${H2}","size":0,"exec":true}]}`,
    );
  });

  test("sorts entries by code unit, so the bytes do not depend on input order", () => {
    const shuffled: DirManifest = { version: 1, entries: [...manifest.entries].reverse() };
    expect(serializeManifest(shuffled)).toBe(serializeManifest(manifest));
  });

  test("escapes unusual file names as JSON strings", () => {
    const odd: DirManifest = { version: 1, entries: [{ path: 'q"uo\\te é', hash: H1, size: 1, exec: false }] };
    expect(parseManifest(serializeManifest(odd))).toEqual(odd);
  });
});

describe("parseManifest", () => {
  test("round-trips a serialized manifest", () => {
    expect(parseManifest(serializeManifest(manifest))).toEqual(manifest);
    expect(parseManifest(new TextEncoder().encode(serializeManifest(manifest)))).toEqual(manifest);
  });

  test("rejects bad data with CACHE_CORRUPT naming the object", () => {
    const entry = (path: string, extra = "") => `{"path":${JSON.stringify(path)},"hash":"${H1}","size":1,"exec":false${extra}}`;
    const bad = [
      "not json",
      "[]",
      `{"version":2,"entries":[]}`,
      `{"version":1}`,
      `{"version":1,"entries":[1]}`,
      `{"version":1,"entries":[${entry("../escape")}]}`,
      `{"version":1,"entries":[${entry("/abs")}]}`,
      `{"version":1,"entries":[${entry("a//b")}]}`,
      `{"version":1,"entries":[${entry("./a")}]}`,
      `{"version":1,"entries":[${entry("b")},${entry("a")}]}`,
      `{"version":1,"entries":[${entry("a")},${entry("a")}]}`,
      `{"version":1,"entries":[${entry("a")},${entry("a/b")}]}`,
      `{"version":1,"entries":[{"path":"a","hash":"XYZ","size":1,"exec":false}]}`,
      `{"version":1,"entries":[{"path":"a","hash":"${H1}.dir","size":1,"exec":false}]}`,
      `{"version":1,"entries":[{"path":"a","hash":"${H1}","size":-1,"exec":false}]}`,
      `{"version":1,"entries":[{"path":"a","hash":"${H1}","size":1.5,"exec":false}]}`,
      `{"version":1,"entries":[{"path":"a","hash":"${H1}","size":1,"exec":"yes"}]}`,
    ];
    for (const text of bad) {
      const error = parseError(text);
      expect(error).toBeInstanceOf(PivotError);
      expect(error.code).toBe("CACHE_CORRUPT");
      expect(error.message).toContain("abc.dir");
    }
  });
});
