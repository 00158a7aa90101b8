import { closeSync, linkSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { PivotError } from "../errors/pivot-error";
import type { Stage } from "../model/pipeline";
import { lockPathOf } from "./lock-file";

/** Whether a process with this pid exists (EPERM: it exists but is not ours). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Our pid file per stages folder: every marker this process takes is a hardlink to it. */
const ownerFiles = new Map<string, string | null>();

function removeOwnerFiles(): void {
  for (const file of ownerFiles.values()) if (file) rmSync(file, { force: true });
}

/**
 * `<dir>/.<pid>.<nonce>.owner`, holding our pid, created once per folder (leftovers of dead
 * processes are removed then) and removed at exit. Null when it cannot be made.
 */
function ownerFileIn(dir: string): string | null {
  const known = ownerFiles.get(dir);
  if (known !== undefined) return known;
  let file: string | null = join(dir, `.${process.pid}.${Math.random().toString(36).slice(2, 10)}.owner`);
  try {
    for (const name of readdirSync(dir)) {
      const pid = /^\.(\d+)\.[a-z0-9]+\.owner$/.exec(name)?.[1];
      if (pid !== undefined && Number(pid) !== process.pid && !isProcessAlive(Number(pid))) rmSync(join(dir, name), { force: true });
    }
    const fd = openSync(file, "wx");
    try {
      writeSync(fd, String(process.pid));
    } finally {
      closeSync(fd);
    }
    if (ownerFiles.size === 0) process.once("exit", removeOwnerFiles);
  } catch {
    file = null;
  }
  ownerFiles.set(dir, file);
  return file;
}

/**
 * Creates `file` holding our pid, failing with EEXIST when it exists. A hardlink to our owner file
 * does this without creating an inode (several times cheaper than a new file on ext4); where links
 * are not possible, a new file opened with O_EXCL.
 */
function createMarker(file: string): void {
  const owner = ownerFileIn(dirname(file));
  if (owner) {
    try {
      linkSync(owner, file);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") throw error;
      // owner file gone or links unsupported here: create the marker itself
    }
  }
  const fd = openSync(file, "wx");
  try {
    writeSync(fd, String(process.pid));
  } finally {
    closeSync(fd);
  }
}

/**
 * Marks a stage as running in this process (`<stateDir>/stages/<stage>.running` holding our pid)
 * so two pivot processes never run the same stage at once. A marker left by a dead process is
 * taken over. Returns the release function.
 */
export function acquireRunSentinel(stage: Stage): () => void {
  const file = lockPathOf(stage).replace(/\.lock$/, ".running");
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      createMarker(file);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let owner = Number.NaN;
      try {
        owner = Number(readFileSync(file, "utf8").trim());
      } catch {
        // vanished meanwhile: retry
      }
      if (owner > 0 && owner !== process.pid && isProcessAlive(owner)) {
        throw new PivotError("STAGE_FAILED", `Stage '${stage.id}' is already running in another pivot process (pid ${owner})`, {
          hint: `Wait for it to finish. If no pivot is running, delete ${file}.`,
        });
      }
      rmSync(file, { force: true });
    }
  }
  throw new PivotError("STAGE_FAILED", `Could not mark stage '${stage.id}' as running (${file})`, { hint: `Delete ${file} and retry.` });
}
