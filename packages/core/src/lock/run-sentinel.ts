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

type Claim = { release: () => void } | { heldBy: number };

/** Stages folders this process has made sure exist (one mkdir per folder, not per stage). */
const foldersMade = new Set<string>();

/** One attempt at the marker: ours, or the pid of the live process holding it (a dead one's is taken over). */
function tryClaim(stage: Stage, file: string): Claim {
  const dir = dirname(file);
  if (!foldersMade.has(dir)) {
    mkdirSync(dir, { recursive: true });
    foldersMade.add(dir);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      createMarker(file);
      return { release: () => rmSync(file, { force: true }) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") {
        mkdirSync(dir, { recursive: true }); // the stages folder was removed meanwhile
        continue;
      }
      if (code !== "EEXIST") throw error;
      let owner = Number.NaN;
      try {
        owner = Number(readFileSync(file, "utf8").trim());
      } catch {
        // vanished meanwhile: retry
      }
      if (owner > 0 && owner !== process.pid && isProcessAlive(owner)) return { heldBy: owner };
      rmSync(file, { force: true });
    }
  }
  throw new PivotError("STAGE_FAILED", `Could not mark stage '${stage.id}' as running (${file})`, { hint: `Delete ${file} and retry.` });
}

function markerOf(stage: Stage): string {
  return lockPathOf(stage).replace(/\.lock$/, ".running");
}

function heldElsewhere(stage: Stage, pid: number, file: string, hint?: string): PivotError {
  return new PivotError("STAGE_FAILED", `Stage '${stage.id}' is already running in another pivot process (pid ${pid})`, {
    hint: hint ?? `Wait for it to finish. If no pivot is running, delete ${file}.`,
  });
}

/**
 * Marks a stage as running in this process (`<stateDir>/stages/<stage>.running` holding our pid)
 * so two pivot processes never run the same stage at once. A marker left by a dead process is
 * taken over. Throws when a live process holds it. Returns the release function.
 */
export function acquireRunSentinel(stage: Stage): () => void {
  const file = markerOf(stage);
  const claim = tryClaim(stage, file);
  if ("heldBy" in claim) throw heldElsewhere(stage, claim.heldBy, file);
  return claim.release;
}

export interface WaitOptions {
  /** Wait for another process holding the stage (default), or fail at once. */
  wait: boolean;
  signal?: AbortSignal;
  /** Called once when the stage turns out to be held, with the holder's pid. */
  onWait?(pid: number): void;
}

const FIRST_POLL_MS = 25;
const MAX_POLL_MS = 250;

/**
 * Like acquireRunSentinel, but when another live pivot process holds the stage it waits for that
 * process to release it (or die) — a second `repro` then judges the stage afresh and, usually,
 * finds it done. With `wait: false` it fails at once, as acquireRunSentinel does.
 */
export async function claimRunSentinel(stage: Stage, options: WaitOptions): Promise<() => void> {
  const file = markerOf(stage);
  let delay = FIRST_POLL_MS;
  let told = false;
  for (;;) {
    const claim = tryClaim(stage, file);
    if ("release" in claim) return claim.release;
    if (!options.wait) throw heldElsewhere(stage, claim.heldBy, file, "Let it finish, or run without --no-wait to wait for it.");
    if (!told) options.onWait?.(claim.heldBy);
    told = true;
    if (options.signal?.aborted) throw new PivotError("RUN_INTERRUPTED", `Stopped waiting for stage '${stage.id}' (running in pid ${claim.heldBy})`);
    await Bun.sleep(delay);
    delay = Math.min(MAX_POLL_MS, delay * 2);
  }
}
