import { chmodSync, constants, copyFileSync, linkSync, lstatSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { PivotError } from "../errors/pivot-error";
import { tempPathBeside } from "../fs/atomic-write";
import { fsReason } from "../errors/fs-failure";
import type { LinkMode } from "../project/config-schema";
import { CACHE_IO_CODE, cacheIoFailure } from "./cache-failure";
import { removeOutput } from "./workspace-output";

/** Modes whose workspace file shares the read-only object, so it cannot carry its own exec bit. */
const SHARED_MODES: ReadonlySet<LinkMode> = new Set(["hardlink", "symlink"]);

/** Errors meaning "this file system cannot do that mode at all": the mode is not retried for later files. */
const UNSUPPORTED_CODES = new Set(["ENOTSUP", "EOPNOTSUPP", "EXDEV", "EPERM", "EINVAL", "ENOSYS"]);

/** What one restore has learnt so far, shared by all files of a directory. */
export interface PlaceState {
  /** Modes that failed with an "unsupported" error and are skipped for the remaining files. */
  unsupported: Set<LinkMode>;
}

export interface PlaceRequest {
  modes: readonly LinkMode[];
  sizeBytes: number;
  exec: boolean;
  state: PlaceState;
}

function writableMode(exec: boolean): number {
  return exec ? 0o755 : 0o644;
}

/** Puts the object at `dest` (which must not exist) using exactly `mode`; throws when it cannot. */
function placeWith(mode: LinkMode, object: string, dest: string, exec: boolean): void {
  switch (mode) {
    case "reflink":
      copyFileSync(object, dest, constants.COPYFILE_FICLONE_FORCE);
      chmodSync(dest, writableMode(exec));
      return;
    case "hardlink":
      linkSync(object, dest);
      return;
    case "symlink":
      symlinkSync(resolve(object), dest);
      return;
    case "copy":
      copyFileSync(object, dest, constants.COPYFILE_FICLONE);
      chmodSync(dest, writableMode(exec));
      return;
  }
}

/**
 * Places a file object at `dest` with the first mode of `modes` that works and returns it.
 * Empty files are always plain new files ("copy"): linking them gains nothing. An executable file
 * skips hardlink/symlink (the shared object is read-only 0o444 and cannot carry the bit) and may
 * always end with a copy, so a restored tree has the exec bits its manifest records.
 */
export function placeObject(object: string, dest: string, request: PlaceRequest): LinkMode {
  const { exec, state } = request;
  if (request.sizeBytes === 0) {
    try {
      writeFileSync(dest, "", { mode: writableMode(exec), flag: "wx" });
      chmodSync(dest, writableMode(exec));
    } catch (error) {
      throw cacheIoFailure(`create ${dest}`, error);
    }
    return "copy";
  }
  const candidates = request.modes.filter((m) => !state.unsupported.has(m) && !(exec && SHARED_MODES.has(m)));
  if (exec && !candidates.includes("copy")) candidates.push("copy");
  const failures: string[] = [];
  for (const mode of candidates) {
    try {
      placeWith(mode, object, dest, exec);
      return mode;
    } catch (error) {
      rmSync(dest, { force: true });
      failures.push(`${mode}: ${fsReason(error)}`);
      const code = (error as NodeJS.ErrnoException).code;
      if (code && UNSUPPORTED_CODES.has(code)) state.unsupported.add(mode);
    }
  }
  const tried = failures.length > 0 ? failures.join("; ") : `no usable mode in [${request.modes.join(", ")}]`;
  throw new PivotError(CACHE_IO_CODE, `Cannot place ${dest} from the cache (${tried})`, {
    hint: "Check that the output folder is writable, or allow more link modes: `pivot config cache.link reflink,copy`.",
  });
}

/**
 * Moves a finished temp file or folder onto `target`. A file replaces a file or symlink with one
 * atomic rename. A folder target (or a folder replacing a file) is swapped: the old one is renamed
 * aside, the new one renamed in, then the old one removed; if the second rename fails the old one
 * is put back. Either way the target is never a half-written mix.
 */
export function moveIntoPlace(temp: string, target: string, tempIsDir: boolean): void {
  const existing = lstatSync(target, { throwIfNoEntry: false });
  const aside = tempPathBeside(target);
  try {
    if (!existing || (!existing.isDirectory() && !tempIsDir)) {
      renameSync(temp, target);
      return;
    }
    renameSync(target, aside);
    try {
      renameSync(temp, target);
    } catch (error) {
      renameSync(aside, target);
      throw error;
    }
  } catch (error) {
    throw cacheIoFailure(`move the restored ${target} into place`, error);
  }
  try {
    removeOutput(aside);
  } catch {
    // the new target is in place; a leftover hidden `.…tmp` folder only costs space
  }
}
