import { afterAll, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PivotError } from "../errors/pivot-error";
import { isExecutableMode, nsToStatMs, statForCache, statForCacheIfExists } from "./file-stat";

const root = mkdtempSync(join(tmpdir(), "pivot-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

test("statForCache returns the hash cache key parts with a nanosecond mtime", () => {
  const path = join(root, "f.txt");
  writeFileSync(path, "12345");
  chmodSync(path, 0o755);
  const stat = statForCache(path);
  const plain = statSync(path, { bigint: true });
  expect(stat).toEqual({ inode: Number(plain.ino), mtimeNs: plain.mtimeNs, ctimeMs: statSync(path).ctimeMs, sizeBytes: 5, isFile: true, isDir: false, mode: Number(plain.mode) });
  expect(typeof stat.mtimeNs).toBe("bigint");
  expect(isExecutableMode(stat.mode)).toBe(true);
  expect(statForCache(root).isDir).toBe(true);
});

test("a missing path is HASH_FAILED, or undefined from statForCacheIfExists", () => {
  const path = join(root, "missing");
  expect(() => statForCache(path)).toThrow(PivotError);
  expect(statForCacheIfExists(path)).toBeUndefined();
  expect(statForCacheIfExists(join(root, "f.txt", "below-a-file"))).toBeUndefined();
});

test("nsToStatMs gives exactly the millisecond times a plain stat reports", () => {
  for (let i = 0; i < 200; i++) {
    const path = join(root, `t${i}.txt`);
    writeFileSync(path, String(i));
    const plain = statSync(path);
    const big = statSync(path, { bigint: true });
    expect(nsToStatMs(big.mtimeNs)).toBe(plain.mtimeMs);
    expect(nsToStatMs(big.ctimeNs)).toBe(plain.ctimeMs);
  }
  expect(nsToStatMs(1796624114352249580n)).toBe(1796624114352.2495);
});
