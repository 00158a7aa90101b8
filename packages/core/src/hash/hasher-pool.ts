import type { IHasher } from "hash-wasm";

/** Size of the one read buffer each hasher slot reuses for every file it hashes. */
export const HASH_BUFFER_BYTES = 1 << 20;

/** A wasm XXH3-128 hasher and its reusable read buffer: one per file being hashed at a time. */
export interface HasherSlot {
  hasher: IHasher;
  buffer: Buffer;
}

/** Idle slots kept for reuse; beyond this many, released slots are dropped. */
const MAX_IDLE_SLOTS = 8;
const idle: HasherSlot[] = [];

/** A new slot (compiles the wasm module on first use; later calls only instantiate it). */
export async function createHasherSlot(): Promise<HasherSlot> {
  // Loaded on first use: a command that finds every file in the hash cache never needs it.
  const { createXXHash128 } = await import("hash-wasm");
  return { hasher: await createXXHash128(), buffer: Buffer.allocUnsafe(HASH_BUFFER_BYTES) };
}

/**
 * Runs `fn` with a slot of its own, taken from the idle pool or created, and returns it to the
 * pool afterwards. The wasm hash is single-threaded; a slot per in-flight file lets async reads
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
