import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PivotError } from "../errors/pivot-error";
import { createSyncHasher, hashBytes, hashFile } from "./hash-file";
import { HASH_BUFFER_BYTES } from "./hasher-pool";
import { requireExecutable } from "../../../../tests/support/start-test-file";

const root = mkdtempSync(join(tmpdir(), "pivot-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `printf 'hello\n' | xxhsum -H2` */
const HELLO_XXH128 = "6bba86c7e069f56d5a10b435f1c8e49c";
/** `printf '' | xxhsum -H2` */
const EMPTY_XXH128 = "99aa06d3014798d86001c324468d497f";

/** Deterministic pseudo-random bytes (xorshift32), so big-file tests need no fixtures. */
function patternBytes(length: number, seed = 0x9e3779b9): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

function fileWith(name: string, data: string | Uint8Array): string {
  const path = join(root, name);
  writeFileSync(path, data);
  return path;
}

describe("hashFile", () => {
  test("the hash of 'hello\\n' equals xxhsum -H2's digest", async () => {
    const path = fileWith("hello.txt", "hello\n");
    expect(await hashFile(path)).toBe(HELLO_XXH128);
    expect(await hashBytes("hello\n")).toBe(HELLO_XXH128);
    expect((await createSyncHasher()).hashFile(path)).toBe(HELLO_XXH128);
  });

  test("an empty file hashes to the XXH3-128 of no bytes", async () => {
    const path = fileWith("empty", "");
    expect(await hashFile(path)).toBe(EMPTY_XXH128);
    expect((await createSyncHasher()).hashFile(path)).toBe(EMPTY_XXH128);
  });

  test("a file larger than the read buffer hashes like the one-shot hash of its bytes", async () => {
    const bytes = patternBytes(3.5 * 1024 * 1024);
    const path = fileWith("big.bin", bytes);
    const expected = await hashBytes(bytes);
    expect(await hashFile(path)).toBe(expected);
    expect((await createSyncHasher()).hashFile(path)).toBe(expected);
  });

  test("a small file read in one sync call (size hint) hashes the same, even when the hint is stale", async () => {
    const path = fileWith("hinted.txt", "hello\n");
    const progress: number[] = [];
    expect(await hashFile(path, { sizeHint: 6, onBytes: (n) => progress.push(n) })).toBe(HELLO_XXH128);
    expect(progress).toEqual([6]);
    // The file grew past the buffer since the stat: the whole of it is still hashed.
    const bytes = patternBytes(HASH_BUFFER_BYTES * 2 + 17);
    writeFileSync(path, bytes);
    expect(await hashFile(path, { sizeHint: 6 })).toBe(await hashBytes(bytes));
  });

  test("sizes on chunk boundaries hash correctly", async () => {
    const sync = await createSyncHasher();
    for (const size of [HASH_BUFFER_BYTES / 2, HASH_BUFFER_BYTES / 2 + 1, HASH_BUFFER_BYTES, 2 * HASH_BUFFER_BYTES - 1]) {
      const bytes = patternBytes(size, size);
      const path = fileWith(`edge-${size}`, bytes);
      const expected = sync.hashBytes(bytes);
      expect(await hashFile(path)).toBe(expected);
      expect(sync.hashFile(path)).toBe(expected);
    }
  });

  test("matches the xxhsum binary on a multi-chunk file", async () => {
    const xxhsum = requireExecutable("xxhsum", "xxhash");
    const path = fileWith("xxhsum-check.bin", patternBytes(2.25 * 1024 * 1024, 7));
    const out = Bun.spawnSync([xxhsum, "-H2", path]).stdout.toString();
    expect(await hashFile(path)).toBe(out.split(/\s+/)[0] ?? "");
  });

  test("progress reports every byte once", async () => {
    const path = fileWith("progress.bin", patternBytes(3 * 1024 * 1024 + 5));
    let total = 0;
    await hashFile(path, { onBytes: (bytes) => (total += bytes) });
    expect(total).toBe(3 * 1024 * 1024 + 5);
  });

  test("concurrent calls on different files each get their own hash", async () => {
    const paths = [1, 2, 3, 4, 5, 6].map((n) => fileWith(`c${n}.bin`, patternBytes(n * 300_000, n)));
    const hashes = await Promise.all(paths.map((p) => hashFile(p)));
    const sync = await createSyncHasher();
    expect(hashes).toEqual(paths.map((p) => sync.hashFile(p)));
  });

  test("a missing file is a HASH_FAILED error naming the path", async () => {
    const path = join(root, "nope.txt");
    const error = await hashFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PivotError);
    expect((error as PivotError).code).toBe("HASH_FAILED");
    expect((error as PivotError).message).toBe(`Cannot read ${path}: no such file or directory`);
    expect((error as PivotError).hint).toBeString();
  });

  test("a directory is not hashed as a file", async () => {
    const dir = join(root, "a-dir");
    mkdirSync(dir);
    const error = await hashFile(dir).catch((e: unknown) => e);
    expect((error as PivotError).code).toBe("HASH_FAILED");
    expect((error as PivotError).message).toContain(dir);
    const sync = await createSyncHasher();
    expect(() => sync.hashFile(dir)).toThrow(PivotError);
  });
});
