import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { dirname } from "node:path";
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
      const fd = openSync(file, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
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
