import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { syncFd } from "./durability";

let counter = 0;

/** A temp file name beside `target`, unique in this process and across processes. */
export function tempPathBeside(target: string): string {
  counter += 1;
  return join(dirname(target), `.${basename(target)}.${process.pid}.${counter}.tmp`);
}

/**
 * Writes `data` to `target` atomically: a temp file in the same folder (fsynced with `core.fsync`),
 * then rename. A
 * crash at any point leaves either the old file or the new one, never a mix.
 */
export function writeFileAtomic(target: string, data: string | Uint8Array, mode = 0o644): void {
  mkdirSync(dirname(target), { recursive: true });
  const temp = tempPathBeside(target);
  try {
    const fd = openSync(temp, "wx", mode);
    try {
      writeSync(fd, typeof data === "string" ? Buffer.from(data) : data);
      syncFd(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
