import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { syncFd } from "./durability";

let counter = 0;

/** A temp file name beside `target`, unique in this process and across processes. */
export function tempPathBeside(target: string): string {
  counter += 1;
  return join(dirname(target), `.${basename(target)}.${process.pid}.${counter}.tmp`);
}

/** Creates the temp file; its folder is made only when missing (one syscall in the usual case). */
function openTemp(temp: string, mode: number): number {
  try {
    return openSync(temp, "wx", mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    mkdirSync(dirname(temp), { recursive: true });
    return openSync(temp, "wx", mode);
  }
}

/** Writes all of `data` at the file's current position (a short write is continued). */
function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}

/**
 * Writes `data` to `target` atomically: a temp file in the same folder (fsynced with `core.fsync`),
 * then rename. A crash at any point leaves either the old file or the new one, never a mix.
 * `data` may be given in pieces (a large file written without joining it in memory first).
 */
export function writeFileAtomic(target: string, data: string | Uint8Array | Iterable<string>, mode = 0o644): void {
  const temp = tempPathBeside(target);
  try {
    const fd = openTemp(temp, mode);
    try {
      if (typeof data === "string" || data instanceof Uint8Array) writeAll(fd, data);
      else for (const piece of data) writeAll(fd, piece);
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
