import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic-write";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), "pivot-atomic-"));
  dirs.push(dir);
  return dir;
};

describe("writeFileAtomic", () => {
  test("replaces the file by rename (a new inode) and leaves no temp file", () => {
    const dir = scratch();
    const file = join(dir, "a.lock");
    writeFileSync(file, "old");
    const before = statSync(file).ino;
    writeFileAtomic(file, "new");
    expect(readFileSync(file, "utf8")).toBe("new");
    expect(statSync(file).ino).not.toBe(before);
    expect(readdirSync(dir)).toEqual(["a.lock"]);
  });

  test("makes missing folders", () => {
    const dir = scratch();
    const file = join(dir, "x", "y", "b.lock");
    writeFileAtomic(file, new TextEncoder().encode("bytes"), 0o600);
    expect(readFileSync(file, "utf8")).toBe("bytes");
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  test("pieces are written in order; a failure while producing them keeps the old file", () => {
    const dir = scratch();
    const file = join(dir, "s.jsonl");
    writeFileAtomic(file, ["a", "é", "c".repeat(100_000)]);
    expect(readFileSync(file, "utf8")).toBe(`aé${"c".repeat(100_000)}`);
    function* failing() {
      yield "partial";
      throw new Error("stopped");
    }
    expect(() => writeFileAtomic(file, failing())).toThrow("stopped");
    expect(readFileSync(file, "utf8")).toBe(`aé${"c".repeat(100_000)}`);
    expect(readdirSync(dir)).toEqual(["s.jsonl"]);
  });

  test("a piece larger than the write buffer, with multi-byte characters across its edges, arrives whole", () => {
    const dir = scratch();
    const file = join(dir, "big.json");
    // ~3 MiB of 1-, 2-, 3- and 4-byte characters: the encoder stops short of the buffer's end
    // mid-sequence many times, and a surrogate pair is never split.
    const big = "aé€😀".repeat(300_000);
    writeFileAtomic(file, ["[", big, "]"]);
    expect(readFileSync(file, "utf8")).toBe(`[${big}]`);
  });

  test("a folder that is a file: the error names it, nothing is left behind", () => {
    const dir = scratch();
    writeFileSync(join(dir, "x"), "a file");
    expect(() => writeFileAtomic(join(dir, "x", "c.lock"), "data")).toThrow(/x/);
    expect(readdirSync(dir)).toEqual(["x"]);
  });
});
