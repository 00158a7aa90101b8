import { closeSync, fstatSync, openSync, readSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, sep } from "node:path";
import { PivotError } from "@pivot/core/internal";

/** Largest file the page is sent whole; longer ones are cut there. */
export const FILE_PREVIEW_BYTES = 1024 * 1024;

function outside(rel: string, why: string): PivotError {
  return new PivotError("PATH_OUTSIDE_PROJECT", `Refused '${rel}': ${why}`, { hint: "Only files inside the project are served; give a project-relative path." });
}

/**
 * The absolute real path of project file `rel`, or PATH_OUTSIDE_PROJECT when `rel` is absolute,
 * holds `..` or a NUL, or resolves (symlinks followed) outside the project's real root.
 * FILE_NOT_FOUND when it does not exist or is not a file.
 */
export function resolveProjectFile(projectRoot: string, rel: string): string {
  if (rel === "" || rel.includes("\0")) throw outside(rel, "not a file path");
  if (isAbsolute(rel) || /^[a-zA-Z]:/.test(rel) || rel.startsWith("\\")) throw outside(rel, "absolute paths are not served");
  if (rel.split(/[/\\]/).includes("..")) throw outside(rel, "'..' is not allowed");
  const root = realpathSync(projectRoot);
  let real: string;
  try {
    real = realpathSync(join(root, rel));
  } catch {
    throw new PivotError("FILE_NOT_FOUND", `No file '${rel}' in the project`, { hint: "Run the stage that writes it, or check the path." });
  }
  if (real !== root && !real.startsWith(root + sep)) throw outside(rel, "it leads outside the project (symlink)");
  if (!statSync(real).isFile()) throw new PivotError("FILE_NOT_FOUND", `'${rel}' is not a file`, { hint: "Give the path of a file." });
  return real;
}

/** The first FILE_PREVIEW_BYTES of a file (never more is read) and its whole size. */
export function readPreview(file: string): { bytes: Uint8Array; size: number } {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    const bytes = new Uint8Array(Math.min(size, FILE_PREVIEW_BYTES));
    let got = 0;
    while (got < bytes.length) {
      const n = readSync(fd, bytes, got, bytes.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return { bytes: got === bytes.length ? bytes : bytes.subarray(0, got), size };
  } finally {
    closeSync(fd);
  }
}
