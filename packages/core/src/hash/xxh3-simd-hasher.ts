// Streaming XXH3-128 (seed 0) in WebAssembly with SIMD128: xxHash's own C with a SIMD128 inner
// loop, built by packages/core/scripts/build-xxh3-wasm.sh; ~2.5× hash-wasm's scalar XXH3 in
// memory, same digests (xxh3-simd-hasher.test.ts compares the committed module with hash-wasm).
import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** The part of hash-wasm's `IHasher` pivot uses: the SIMD hasher below and hash-wasm both fit it. */
export interface StreamHasher {
  init(): StreamHasher;
  update(data: Uint8Array | string): StreamHasher;
  digest(outputType: "hex"): string;
}

export interface Xxh3SimdHasher extends StreamHasher {
  /**
   * A buffer inside the instance's memory: bytes read into it and passed to `update` (the whole
   * buffer or a subarray) are hashed where they are, without the copy other inputs go through.
   */
  readonly staging: Buffer;
}

/** The built module, committed next to this file (see docs/design/hashing-wasm.md). */
export const XXH3_SIMD_WASM_FILE = "xxh3-128-simd.wasm";

/** Size of the staging buffer: small enough to stay in the core's cache between read and hash. */
export const XXH3_SIMD_STAGING_BYTES = 256 * 1024;
const STAGING_BYTES = XXH3_SIMD_STAGING_BYTES;
const WASM_PAGE_BYTES = 64 * 1024;
const DIGEST_BYTES = 16;

interface Xxh3Exports {
  memory: WebAssembly.Memory;
  reset(): void;
  update(pointer: number, length: number): void;
  /** Finishes the hash and returns the address of its 16 canonical (big-endian) bytes. */
  digest(): number;
}

const utf8 = new TextEncoder();
let compiled: Promise<WebAssembly.Module | undefined> | undefined;

/** The compiled module, read and compiled once; undefined when this runtime cannot run it. */
function compiledModule(): Promise<WebAssembly.Module | undefined> {
  compiled ??= readFile(join(import.meta.dir, XXH3_SIMD_WASM_FILE))
    .then((bytes) => WebAssembly.compile(bytes))
    .catch(() => undefined);
  return compiled;
}

/** A new SIMD XXH3-128 hasher (its own wasm instance), or undefined when wasm SIMD is unavailable. */
export async function createXxh3SimdHasher(): Promise<Xxh3SimdHasher | undefined> {
  const module = await compiledModule();
  if (!module) return undefined;
  try {
    return hasherFromInstance(new WebAssembly.Instance(module, {}));
  } catch {
    return undefined;
  }
}

function hasherFromInstance(instance: WebAssembly.Instance): Xxh3SimdHasher {
  const wasm = instance.exports as unknown as Xxh3Exports;
  // The staging area is memory added past everything the C code uses; nothing grows it later,
  // so the views below stay valid for the instance's life.
  const stagingOffset = wasm.memory.buffer.byteLength;
  wasm.memory.grow(STAGING_BYTES / WASM_PAGE_BYTES);
  const memory = Buffer.from(wasm.memory.buffer);
  const staging = memory.subarray(stagingOffset, stagingOffset + STAGING_BYTES);

  const updateBytes = (bytes: Uint8Array): void => {
    const inStaging =
      bytes.buffer === wasm.memory.buffer &&
      bytes.byteOffset >= stagingOffset &&
      bytes.byteOffset + bytes.length <= stagingOffset + STAGING_BYTES;
    if (inStaging) return wasm.update(bytes.byteOffset, bytes.length);
    for (let offset = 0; offset < bytes.length; offset += STAGING_BYTES) {
      const piece = bytes.subarray(offset, offset + STAGING_BYTES);
      staging.set(piece);
      wasm.update(stagingOffset, piece.length);
    }
  };

  const hasher: Xxh3SimdHasher = {
    staging,
    init() {
      wasm.reset();
      return hasher;
    },
    update(data) {
      if (typeof data !== "string") updateBytes(data);
      else if (data.length * 3 <= STAGING_BYTES) wasm.update(stagingOffset, utf8.encodeInto(data, staging).written);
      else updateBytes(utf8.encode(data));
      return hasher;
    },
    digest() {
      const at = wasm.digest();
      return memory.toString("hex", at, at + DIGEST_BYTES);
    },
  };
  return hasher;
}
