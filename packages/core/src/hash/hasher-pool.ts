import { createXxh3SimdHasher, XXH3_SIMD_STAGING_BYTES, type StreamHasher } from "./xxh3-simd-hasher";

/**
 * Size of the one read buffer each hasher slot reuses for every file it hashes. With the SIMD
 * hasher the buffer is its staging area in wasm memory, so a read lands where it is hashed. Reads
 * of 128 KiB to 1 MiB measured the same on a cached 1 GiB file; 256 KiB stays in a core's cache.
 */
export const HASH_BUFFER_BYTES = XXH3_SIMD_STAGING_BYTES;

/** An XXH3-128 hasher and its reusable read buffer (HASH_BUFFER_BYTES): one per file being hashed. */
export interface HasherSlot {
  hasher: StreamHasher;
  buffer: Buffer;
}

/** Idle slots kept for reuse; beyond this many, released slots are dropped. */
const MAX_IDLE_SLOTS = 8;
const idle: HasherSlot[] = [];

/**
 * A new slot. The hasher is pivot's SIMD128 wasm XXH3-128 (compiled on first use, instantiated per
 * slot); hash-wasm's scalar XXH3-128, which gives the same digests, stands in when this runtime
 * cannot run it. Both load on first use: a command that finds every file in the hash cache never
 * needs them.
 */
export async function createHasherSlot(): Promise<HasherSlot> {
  const simd = await createXxh3SimdHasher();
  if (simd) return { hasher: simd, buffer: simd.staging };
  return { hasher: await createFallbackHasher(), buffer: Buffer.allocUnsafe(HASH_BUFFER_BYTES) };
}

async function createFallbackHasher(): Promise<StreamHasher> {
  const { createXXHash128 } = await import("hash-wasm");
  return createXXHash128();
}

/**
 * Runs `fn` with a slot of its own, taken from the idle pool or created, and returns it to the
 * pool afterwards. The wasm hash is single-threaded; a slot per in-flight file lets the reads
 * of several files overlap.
 */
export async function withHasherSlot<T>(fn: (slot: HasherSlot) => Promise<T> | T): Promise<T> {
  const slot = idle.pop() ?? (await createHasherSlot());
  try {
    return await fn(slot);
  } finally {
    if (idle.length < MAX_IDLE_SLOTS) idle.push(slot);
  }
}
