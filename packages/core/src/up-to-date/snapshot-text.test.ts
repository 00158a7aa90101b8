import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FileSignature } from "./file-signature";
import type { SnapshotFile } from "./snapshot-file";
import { firstHalfEnd, parseFirstHalf, parseSecondHalf, parseSnapshotText, readSnapshotText, snapshotPieces, snapshotText } from "./snapshot-text";

const files: FileSignature[] = [["/p/a", 1.5, 2.25, 3, 4], ["/p/b"], ["/p/c", 5, 6, 7, 8]];
const snapshot: SnapshotFile = { key: "k", stages: ["s"], files, zones: { global: 1, stages: 3 }, tracked: ["t"] };

describe("snapshot text", () => {
  test("three JSON lines: the rest, the first half of files, the second half; read back whole", () => {
    const text = snapshotText(snapshot);
    const lines = text.split("\n");
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0]!)).toEqual({ key: "k", stages: ["s"], zones: { global: 1, stages: 3 }, tracked: ["t"] });
    expect(JSON.parse(lines[1]!)).toEqual(files.slice(0, firstHalfEnd(3)));
    expect(JSON.parse(lines[2]!)).toEqual(files.slice(firstHalfEnd(3)));
    expect(parseSnapshotText(text)).toEqual(snapshot);
  });

  test("each half parses alone, and together they are every file in order", () => {
    const text = snapshotText(snapshot);
    const first = parseFirstHalf(text)!;
    expect(first.snapshot.key).toBe("k");
    expect([...first.files, ...parseSecondHalf(text)!]).toEqual(files);
  });

  test("written in pieces, a long file list is the same text as one JSON array per half", () => {
    const many: FileSignature[] = Array.from({ length: 10_001 }, (_, i) => (i % 7 === 0 ? [`/p/${i}`] : [`/p/${i}`, i + 0.5, i + 0.25, i, i * 2]));
    const big = { ...snapshot, files: many };
    const half = firstHalfEnd(many.length);
    const { files: _files, ...header } = big;
    const whole = `${JSON.stringify(header)}\n${JSON.stringify(many.slice(0, half))}\n${JSON.stringify(many.slice(half))}\n`;
    expect([...snapshotPieces(big)].length).toBeGreaterThan(4);
    expect(snapshotText(big)).toBe(whole);
    expect(parseSnapshotText(snapshotText(big))).toEqual(big);
  });

  test("an empty file list, and text that is not a snapshot", () => {
    expect(parseSnapshotText(snapshotText({ ...snapshot, files: [] }))?.files).toEqual([]);
    expect(parseSnapshotText('{"key":"k"}')).toBeUndefined();
    expect(parseSnapshotText("null\n[]\n[]\n")).toBeUndefined();
    expect(parseSnapshotText("[]\n[]\n[]\n")).toBeUndefined();
    expect(() => parseSnapshotText("{not json\n[]\n[]\n")).toThrow();
  });

  test("reading: an unreadable or malformed file is undefined, never an exception", () => {
    const dir = mkdtempSync(join(tmpdir(), "pivot-snapshot-text-"));
    expect(readSnapshotText(join(dir, "missing.jsonl"), parseSnapshotText)).toBeUndefined();
    writeFileSync(join(dir, "bad.jsonl"), "{not json\n[]\n[]\n");
    expect(readSnapshotText(join(dir, "bad.jsonl"), parseSnapshotText)).toBeUndefined();
    writeFileSync(join(dir, "good.jsonl"), snapshotText(snapshot));
    expect(readSnapshotText(join(dir, "good.jsonl"), parseSnapshotText)).toEqual(snapshot);
  });
});
