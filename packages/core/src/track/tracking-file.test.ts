import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dataPathOf, isTrackingFile, parseTrackingFile, readTrackingFile, serializeTrackingFile, trackingFileOf, writeTrackingFile } from "./tracking-file";

const FILE_HASH = "0123456789abcdef0123456789abcdef";
const DIR_HASH = `${FILE_HASH}.dir`;
const root = mkdtempSync(join(tmpdir(), "pivot-pvt-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function problemOf(text: string, file = "data/raw.csv.pvt"): string {
  try {
    parseTrackingFile(text, file);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected a parse error");
}

describe("tracking file names", () => {
  test("the tracking file sits beside its data and is named after it", () => {
    expect(trackingFileOf("data/raw.csv")).toBe("data/raw.csv.pvt");
    expect(trackingFileOf("images")).toBe("images.pvt");
    expect(dataPathOf("data/raw.csv.pvt")).toBe("data/raw.csv");
    expect(isTrackingFile("a/b.pvt")).toBe(true);
    expect(isTrackingFile("a/.pvt")).toBe(false);
    expect(isTrackingFile("a/b.csv")).toBe(false);
  });
});

describe("serialize and parse", () => {
  test("a file record round-trips, with the hash quoted and the data's own name as path", () => {
    const text = serializeTrackingFile({ path: "data/raw.csv", hash: FILE_HASH, sizeBytes: 12 });
    expect(text).toContain(`hash: "${FILE_HASH}"`);
    expect(text).toContain('path: "raw.csv"');
    expect(text).not.toContain("files:");
    expect(parseTrackingFile(text, "data/raw.csv.pvt")).toEqual({ path: "data/raw.csv", hash: FILE_HASH, sizeBytes: 12 });
  });

  test("a folder record carries its file count", () => {
    const text = serializeTrackingFile({ path: "images", hash: DIR_HASH, sizeBytes: 300, files: 3 });
    expect(parseTrackingFile(text, "images.pvt")).toEqual({ path: "images", hash: DIR_HASH, sizeBytes: 300, files: 3 });
  });

  test("unknown keys, a foreign algorithm, a renamed file and bad hashes are refused", () => {
    const good = serializeTrackingFile({ path: "data/raw.csv", hash: FILE_HASH, sizeBytes: 12 });
    expect(problemOf(`${good}extra: 1\n`)).toContain("unknown key 'extra'");
    expect(problemOf(good.replace("xxh3-128", "md5"))).toContain("hash_algorithm");
    expect(problemOf(good, "data/other.csv.pvt")).toContain("other.csv");
    expect(problemOf(good.replace(FILE_HASH, "XYZ"))).toContain("not a pivot hash");
    expect(problemOf(good.replace("size: 12", "size: -1"))).toContain("size");
    expect(problemOf(`${good}files: 2\n`)).toContain("only for folders");
    expect(problemOf(good.replace(FILE_HASH, DIR_HASH))).toContain("needs 'files'");
    expect(problemOf("- a\n- b\n")).toContain("not a mapping");
    expect(problemOf("schema: [\n")).toContain("YAML");
  });
});

describe("read and write", () => {
  test("writing is atomic (no temp file left) and reading gives the record back", () => {
    const file = writeTrackingFile(root, { path: "raw.csv", hash: FILE_HASH, sizeBytes: 1 });
    expect(file).toBe("raw.csv.pvt");
    expect(readdirSync(root).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    expect(readTrackingFile(root, "raw.csv.pvt")).toEqual({ kind: "ok", record: { path: "raw.csv", hash: FILE_HASH, sizeBytes: 1 } });
    expect(readFileSync(join(root, "raw.csv.pvt"), "utf8")).toStartWith("# pivot tracking file");
  });

  test("a missing file is 'missing' and a broken one 'invalid' with the problem, never an exception", () => {
    expect(readTrackingFile(root, "nothing.pvt")).toEqual({ kind: "missing" });
    writeFileSync(join(root, "bad.pvt"), "schema: 2\n");
    const read = readTrackingFile(root, "bad.pvt");
    expect(read.kind).toBe("invalid");
    expect(read.kind === "invalid" && read.problem).toContain("schema");
  });
});
