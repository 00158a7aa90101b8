// The SIMD wasm is a committed build artifact (scripts/build-xxh3-wasm.sh; CI does not rebuild
// it): these tests hold it to hash-wasm's XXH3-128, and to xxhsum (Debian's xxhash; CI installs it).
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createXXHash128, type IHasher } from "hash-wasm";
import { hashFile } from "./hash-file";
import { createXxh3SimdHasher, XXH3_SIMD_STAGING_BYTES, type Xxh3SimdHasher } from "./xxh3-simd-hasher";
import { requireExecutable } from "../../../../tests/support/start-test-file";

/** Deterministic pseudo-random source (xorshift32), so failures reproduce. */
function randomSource(seed: number) {
  let x = seed >>> 0 || 1;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>>= 0);
  };
  const bytes = (length: number): Uint8Array => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = next() & 0xff;
    return out;
  };
  return { next, bytes, below: (n: number) => next() % n };
}

async function simdHasher(): Promise<Xxh3SimdHasher> {
  const hasher = await createXxh3SimdHasher();
  if (!hasher) throw new Error("xxh3-128-simd.wasm did not load: run packages/core/scripts/build-xxh3-wasm.sh");
  return hasher;
}

const reference: IHasher = await createXXHash128();
const expectedOf = (data: Uint8Array | string) => reference.init().update(data).digest("hex");

describe("the SIMD XXH3-128 wasm", () => {
  test("loads in this runtime (pivot would otherwise fall back to hash-wasm)", async () => {
    const hasher = await simdHasher();
    expect(hasher.staging.length).toBe(XXH3_SIMD_STAGING_BYTES);
  });

  test("every length from 0 to 2100 bytes hashes like hash-wasm", async () => {
    const hasher = await simdHasher();
    const data = randomSource(1).bytes(2100);
    const mismatches: number[] = [];
    for (let length = 0; length <= 2100; length++) {
      const input = data.subarray(0, length);
      if (hasher.init().update(input).digest("hex") !== expectedOf(input)) mismatches.push(length);
    }
    expect(mismatches).toEqual([]);
  });

  test("lengths around the 240-byte, 1 KiB block, 64 KiB and staging-buffer boundaries hash like hash-wasm", async () => {
    const hasher = await simdHasher();
    const bases = [240, 256, 1024, 2048, 4096, 64 * 1024, 128 * 1024, XXH3_SIMD_STAGING_BYTES, 2 * XXH3_SIMD_STAGING_BYTES, 1 << 20];
    const data = randomSource(2).bytes((1 << 20) + 128);
    const mismatches: number[] = [];
    for (const base of bases) {
      for (let delta = -65; delta <= 65; delta++) {
        const input = data.subarray(0, base + delta);
        if (hasher.init().update(input).digest("hex") !== expectedOf(input)) mismatches.push(base + delta);
      }
    }
    expect(mismatches).toEqual([]);
  });

  test("random large inputs hash like hash-wasm", async () => {
    const hasher = await simdHasher();
    const random = randomSource(3);
    for (let round = 0; round < 6; round++) {
      const input = random.bytes(1 + random.below(5 << 20));
      expect(hasher.init().update(input).digest("hex")).toBe(expectedOf(input));
    }
  });

  test("random chunk splits through update() give the one-shot digest", async () => {
    const hasher = await simdHasher();
    const random = randomSource(4);
    for (let round = 0; round < 40; round++) {
      const small = round < 21;
      const input = random.bytes(random.below(small ? 5000 : 3 << 20));
      const expected = expectedOf(input);
      const maxChunk = small ? [1, 17, 64, 300, 1500, 2100, 5000][round % 7]! : [1500, 70_000, 600_000][round % 3]!;
      hasher.init();
      for (let offset = 0; offset < input.length; ) {
        const size = Math.min(input.length - offset, random.below(maxChunk + 1));
        hasher.update(input.subarray(offset, offset + size));
        offset += size;
      }
      expect(hasher.digest("hex")).toBe(expected);
    }
  });

  test("bytes placed in the staging buffer hash in place like any other bytes", async () => {
    const hasher = await simdHasher();
    const random = randomSource(5);
    const input = random.bytes(3 * XXH3_SIMD_STAGING_BYTES + 12_345);
    hasher.init();
    for (let offset = 0; offset < input.length; offset += XXH3_SIMD_STAGING_BYTES) {
      const piece = input.subarray(offset, offset + XXH3_SIMD_STAGING_BYTES);
      hasher.staging.set(piece);
      hasher.update(piece.length === XXH3_SIMD_STAGING_BYTES ? hasher.staging : hasher.staging.subarray(0, piece.length));
    }
    expect(hasher.digest("hex")).toBe(expectedOf(input));
  });

  test("strings hash as their UTF-8 bytes, like hash-wasm", async () => {
    const hasher = await simdHasher();
    for (const text of ["", "hello\n", "héllo wörld ✓ 🎉", "x".repeat(1000), "é🎉".repeat(200_000)]) {
      expect(hasher.init().update(text).digest("hex")).toBe(expectedOf(text));
    }
  });

  test("init() starts a new hash on a reused hasher", async () => {
    const hasher = await simdHasher();
    hasher.init().update(randomSource(6).bytes(10_000));
    expect(hasher.init().update("hello\n").digest("hex")).toBe("6bba86c7e069f56d5a10b435f1c8e49c");
  });
});

describe("hashFile against xxhsum -H2", () => {
  const root = mkdtempSync(join(tmpdir(), "pivot-xxh3-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("files of assorted sizes hash to xxhsum -H2's digest", async () => {
    const xxhsumPath = requireExecutable("xxhsum", "xxhash");
    const random = randomSource(7);
    for (const size of [0, 3, 240, 241, 1025, XXH3_SIMD_STAGING_BYTES + 1, (9 << 20) + 7]) {
      const path = join(root, `f${size}.bin`);
      writeFileSync(path, random.bytes(size));
      const xxhsum = Bun.spawnSync([xxhsumPath, "-H2", path]).stdout.toString().split(/\s+/)[0];
      expect(await hashFile(path)).toBe(xxhsum!);
    }
  });
});
