import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { linkFromCache } from "../cache/cache-link";
import { COPY_MODES } from "../cache/output-link-modes";
import { removeOutput } from "../cache/workspace-output";
import type { LockRead } from "../lock/lock-file";
import type { Stage } from "../model/pipeline";
import { fromProjectPath } from "../model/paths";

/**
 * Gets the workspace ready for a stage to run: every output is removed (so a stale file never
 * passes for a fresh one, and a write can never go through a link into the cache), parents are
 * created, and incremental outputs are restored from their last version as writable copies.
 */
export async function prepareOutputs(stage: Stage, projectRoot: string, cacheDir: string, lockRead: LockRead): Promise<void> {
  const locked = lockRead.kind === "ok" ? new Map(lockRead.lock.outs.map((o) => [o.path, o])) : new Map();
  for (const out of stage.outs) {
    const absolute = fromProjectPath(projectRoot, out.path);
    removeOutput(absolute);
    mkdirSync(dirname(absolute), { recursive: true });
    const previous = locked.get(out.path);
    if (out.kind === "incremental" && previous?.cache) {
      await linkFromCache(cacheDir, previous.hash, absolute, { modes: COPY_MODES, verify: true });
    }
  }
}
