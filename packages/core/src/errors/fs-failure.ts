import { basename, dirname, sep } from "node:path";
import { PivotError, errorMessage } from "./pivot-error";

const REASONS: Record<string, string> = {
  ENOENT: "no such file or directory",
  ENOTDIR: "a parent of it is not a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  EISDIR: "it is a directory, not a file",
  EEXIST: "something is already there",
  ELOOP: "too many levels of symbolic links",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exhausted",
  EMFILE: "too many open files",
  EIO: "input/output error",
};

/** A short, human reason for a failed file system call. */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code && REASONS[code]) ?? errorMessage(error);
}

/** A Node/Bun file-system error that names the path it failed on. */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException & { path: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string" && typeof (error as NodeJS.ErrnoException).path === "string";
}

const VERBS: Record<string, string> = {
  open: "open",
  mkdir: "create the folder",
  link: "create",
  symlink: "create",
  rename: "move into place",
  unlink: "remove",
  rmdir: "remove the folder",
  write: "write",
  read: "read",
  scandir: "list",
  copyfile: "copy",
  chmod: "change the mode of",
};

/** The `.pivot` folder a path lies in, if any (pivot's own lock files, markers, cache and state). */
function pivotFolderOf(path: string): string | undefined {
  const parts = path.split(sep);
  const at = parts.lastIndexOf(".pivot");
  return at < 0 ? undefined : parts.slice(0, at + 1).join(sep) || sep;
}

/**
 * A raw file-system error (`EACCES: permission denied, open '…/a.running'`) as a PivotError that
 * names the path and says what to do — above all for pivot's own `.pivot/` folders. Anything that
 * is not such an error is returned unchanged.
 */
export function explainFileSystemError(error: unknown): unknown {
  if (error instanceof PivotError || !isFileSystemError(error)) return error;
  const { code, path, syscall } = error;
  const verb = (syscall && VERBS[syscall]) ?? "use";
  const own = pivotFolderOf(path);
  const folder = dirname(path);
  let hint: string;
  switch (code) {
    case "EACCES":
    case "EPERM":
    case "EROFS":
      hint = own
        ? `pivot keeps its lock files, run markers, cache and state under ${own}: make it writable by the user running pivot (\`ls -ld ${folder}\` shows its owner; \`chown -R\` or \`chmod -R u+w\` fixes it), or run pivot as that owner.`
        : `Make ${folder} writable by the user running pivot.`;
      break;
    case "ENOSPC":
    case "EDQUOT":
      hint = "Free some disk space (`pivot gc` removes unused cache objects) and try again.";
      break;
    case "ENOTDIR":
    case "EEXIST":
      hint = `A file is where pivot expects a folder (or the other way round) at ${basename(path)} or one of its parents: move it aside and try again.`;
      break;
    case "EMFILE":
      hint = "Raise the open-file limit (`ulimit -n 4096`) or run with fewer jobs (`--jobs`).";
      break;
    default:
      hint = `Check ${path} and try again.`;
  }
  return new PivotError("CACHE_IO_FAILED", `Cannot ${verb} ${path}: ${fsReason(error)}`, { hint, cause: error });
}
