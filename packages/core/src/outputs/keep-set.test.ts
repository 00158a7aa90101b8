import { describe, expect, test } from "bun:test";
import type { PivotError } from "../errors/pivot-error";
import type { DirManifest } from "../hash/dir-manifest";
import { type ManifestSource, expandKeepSet } from "./keep-set";

const h = (c: string) => c.repeat(32);
const folder = `${h("f")}.dir`;
const manifest = { entries: [{ path: "a.txt", hash: h("1"), size: 1 }, { path: "b.txt", hash: h("2"), size: 1 }] } as unknown as DirManifest;

function source(known: Record<string, DirManifest>, opened: string[] = []): ManifestSource {
  return async (hash) => {
    opened.push(hash);
    return known[hash];
  };
}

describe("expandKeepSet", () => {
  test("a folder keeps its manifest and every file it lists; each manifest is read once", async () => {
    const opened: string[] = [];
    const roots = [
      { hash: folder, source: "out (stage 'gen')", strict: true },
      { hash: folder, source: "out (lock file at 1234567)", strict: false },
      { hash: h("3"), source: "model.bin", strict: true },
    ];
    const kept = await expandKeepSet(roots, source({ [folder]: manifest }, opened));
    expect([...kept.hashes].sort()).toEqual([h("1"), h("2"), h("3"), folder].sort());
    expect(kept.unknownFolders).toBe(0);
    expect(opened).toEqual([folder]);
  });

  test("another revision's folder with no manifest anywhere keeps only the manifest hash and is counted", async () => {
    const kept = await expandKeepSet([{ hash: folder, source: "out (lock file at 1234567)", strict: false }], source({}));
    expect([...kept.hashes]).toEqual([folder]);
    expect(kept.unknownFolders).toBe(1);
  });

  test("a workspace folder whose manifest cannot be read stops gc, naming it", async () => {
    const error = (await expandKeepSet([{ hash: folder, source: "out (stage 'gen')", strict: true }], source({})).catch((e: unknown) => e)) as PivotError;
    expect(error.code).toBe("CACHE_MISSING");
    expect(error.message).toContain("out (stage 'gen')");
  });
});
