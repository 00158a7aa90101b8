import { mkdirSync, realpathSync, statSync } from "node:fs";
import { dirname, sep } from "node:path";
import { PivotError } from "../errors/pivot-error";
import { linkFromCache } from "../cache/cache-link";
import { COPY_MODES } from "../cache/output-link-modes";
import { removeOutput } from "../cache/workspace-output";
import type { LockRead } from "../lock/lock-file";
import type { Stage } from "../model/pipeline";
import { fromProjectPath, nearestExisting } from "../model/paths";

/**
 * Gets the workspace ready for a stage to run: every output is removed (so a stale file never
 * passes for a fresh one, and a write can never go through a link into the cache), parents are
 * created, and incremental outputs are restored from their last version as writable copies.
 */
export async function prepareOutputs(stage: Stage, projectRoot: string, cacheDir: string, lockRead: LockRead): Promise<void> {
  const locked = lockRead.kind === "ok" ? new Map(lockRead.lock.outs.map((o) => [o.path, o])) : new Map();
  const realRoot = realProjectRoot(projectRoot);
  for (const out of stage.outs) {
    const absolute = fromProjectPath(projectRoot, out.path);
    const folderExists = assertInsideProject(stage, out.path, dirname(absolute), realRoot);
    removeOutput(absolute);
    if (!folderExists) mkdirSync(dirname(absolute), { recursive: true });
    const previous = locked.get(out.path);
    if (out.kind === "incremental" && previous?.cache) {
      await linkFromCache(cacheDir, previous.hash, absolute, { modes: COPY_MODES, verify: true });
    }
  }
}

const realRoots = new Map<string, string>();

/** The project root with symlinks resolved (once per process: a project root does not move while pivot runs). */
function realProjectRoot(projectRoot: string): string {
  let real = realRoots.get(projectRoot);
  if (real === undefined) realRoots.set(projectRoot, (real = realpathSync(projectRoot)));
  return real;
}

/**
 * An output whose folder leads out of the project through a symlink is refused before anything is
 * removed. Returns whether the folder itself exists.
 */
function assertInsideProject(stage: Stage, outPath: string, folder: string, realRoot: string): boolean {
  const { existing } = nearestExisting(folder);
  const real = realpathSync(existing);
  if (real !== realRoot && !real.startsWith(`${realRoot}${sep}`)) {
    throw new PivotError("PATH_INVALID", `Stage '${stage.id}': output ${outPath} leads outside the project through a symlink (${existing} → ${real})`, {
      hint: `Outputs must stay inside the project; replace the symlinked folder, or change the out in ${stage.source.file}.`,
    });
  }
  return existing === folder && statSync(folder).isDirectory();
}
