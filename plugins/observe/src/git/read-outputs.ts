import { existsSync, readFileSync } from "node:fs";
import { type Project, type Stage, isValidHash, objectPath } from "@pivot/core/internal";
import { locksAt } from "./locks-at";
import { type Snapshot, WORKSPACE } from "./snapshot";

/** An output file to read, with the stage declaring it (for the lock-file fallback). */
export interface OutputFile {
  path: string;
  stage?: Stage;
}

/**
 * Contents of output files in a snapshot (absent files are left out). At a revision, a file git
 * does not hold (a cached, git-ignored output) is read from the local cache by the hash recorded
 * in that revision's lock file of its stage, when the cache still has that object.
 */
export function readOutputs(project: Project, files: readonly OutputFile[], snapshot: Snapshot): Map<string, Uint8Array> {
  const found = new Map<string, Uint8Array>();
  for (const [path, bytes] of snapshot.readMany(files.map((file) => file.path))) if (bytes !== undefined) found.set(path, bytes);
  const missing = files.filter((file) => !found.has(file.path) && file.stage !== undefined);
  if (snapshot.label === WORKSPACE || missing.length === 0) return found;
  const wanted = new Set(missing.map((file) => file.path));
  const stages = [...new Set(missing.map((file) => file.stage!))];
  for (const { lock } of locksAt(project, stages, snapshot, { orphans: false })) {
    for (const out of lock.outs) {
      if (!wanted.has(out.path) || !isValidHash(out.hash) || out.hash.endsWith(".dir")) continue;
      const object = objectPath(project.config.cacheDir, out.hash);
      if (existsSync(object)) found.set(out.path, new Uint8Array(readFileSync(object)));
    }
  }
  return found;
}
