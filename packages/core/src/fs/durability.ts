import { fsyncSync } from "node:fs";
import { open } from "node:fs/promises";

/**
 * Whether pivot fsyncs what it writes (config `core.fsync`). Every write is atomic either way
 * (temp file + rename), so a killed or crashed pivot never leaves a partial file; fsync adds
 * durability across power loss at a large cost per file on journaling file systems.
 */
let durable = process.env.PIVOT_FSYNC === "1";

export function setDurableWrites(on: boolean): void {
  durable = on;
}

/** fsyncs an open file descriptor when durable writes are on. */
export function syncFd(fd: number): void {
  if (durable) fsyncSync(fd);
}

/** fsyncs a file by path when durable writes are on. */
export async function syncFile(path: string): Promise<void> {
  if (!durable) return;
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
