import { fsReason } from "../errors/fs-failure";
import { PivotError } from "../errors/pivot-error";

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
