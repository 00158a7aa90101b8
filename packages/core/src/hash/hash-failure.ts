import { PivotError, errorMessage } from "../errors/pivot-error";

const REASONS: Record<string, string> = {
  ENOENT: "no such file or directory",
  ENOTDIR: "a parent of it is not a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a directory, not a file",
  ELOOP: "too many levels of symbolic links",
  EIO: "input/output error",
};

/** A short, human reason for a failed file system call. */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code && REASONS[code]) ?? errorMessage(error);
}

/** The HASH_FAILED error for a file that could not be read (a PivotError passes through). */
export function hashReadFailure(path: string, error: unknown): PivotError {
  if (error instanceof PivotError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const hint =
    code === "ENOENT"
      ? "Check that the path exists; if a stage should write it, run that stage first."
      : code === "EACCES" || code === "EPERM"
        ? "Make the file readable by the user running pivot."
        : "Check the file and try again.";
  return new PivotError("HASH_FAILED", `Cannot read ${path}: ${fsReason(error)}`, { hint, cause: error });
}
