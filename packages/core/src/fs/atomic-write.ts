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

/** Bytes encoded at a time when a file is written in pieces. */
const PIECE_BUFFER_BYTES = 1 << 20;

/**
 * Writes string pieces through one reused buffer: a new buffer per piece lives outside the
 * collected heap until its wrapper is collected, so a large file written in pieces would grow the
 * process by about its own size.
 */
function writePieces(fd: number, pieces: Iterable<string>): void {
  const encoder = new TextEncoder();
  const buffer = new Uint8Array(PIECE_BUFFER_BYTES);
  for (const piece of pieces) {
    for (let rest = piece; rest.length > 0; ) {
      const { read, written } = encoder.encodeInto(rest, buffer);
      writeAll(fd, buffer.subarray(0, written));
      rest = read === rest.length ? "" : rest.slice(read);
    }
  }
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
      else writePieces(fd, data);
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
