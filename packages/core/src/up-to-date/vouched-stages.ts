import { dirname } from "node:path";
import type { Project } from "../project/open-project";
import { readSnapshotFile } from "./check-snapshot";
import { signatureHolds } from "./file-signature";
import { type SnapshotInvocation, snapshotKey, snapshotPath } from "./snapshot-key";
import { stageReads } from "./stage-reads";

/**
 * The stages the last up-to-date snapshot of this invocation still vouches for, when it no longer
 * holds as a whole: a stage none of whose own recorded files (lock, params, deps, outputs, and what
 * is below its folders) changed was up to date then and would be found so again — provided no file
 * every decision reads (config, pipeline files, where they are looked for) changed, else undefined.
 * Changes to tracked data alone vouch for every stage (tracked data is checked on its own).
 * A stage downstream of one that will run is not vouched for here: the check sees its upstream run.
 */
export function vouchedStages(project: Project, invocation: SnapshotInvocation): Set<string> | undefined {
  const key = snapshotKey(invocation);
  const snapshot = readSnapshotFile(snapshotPath(invocation.projectRoot, key), key);
  if (!snapshot) return undefined;
  const { files, zones } = snapshot;
  const changed: string[] = [];
  for (let i = 0; i < zones.stages && i < files.length; i++) {
    if (signatureHolds(files[i]!)) continue;
    if (i < zones.global) return undefined;
    changed.push(files[i]![0]);
  }
  const graph = project.graph();
  const readers = new Map<string, string[]>();
  for (const id of snapshot.stages) {
    const stage = graph.stages.get(id);
    if (!stage) return undefined;
    for (const path of stageReads(project.root, stage)) {
      const ids = readers.get(path);
      if (ids) ids.push(id);
      else readers.set(path, [id]);
    }
  }
  const affected = new Set<string>();
  for (const path of changed) {
    // The path itself, or the folder dep/output holding it.
    for (let at = path; ; at = dirname(at)) {
      for (const id of readers.get(at) ?? []) affected.add(id);
      if (at === project.root || dirname(at) === at) break;
    }
  }
  return new Set(snapshot.stages.filter((id) => !affected.has(id)));
}

/** What `-v` says when a command checks only what the last snapshot cannot vouch for. */
export function vouchedNote(count: number): string {
  return `The last up-to-date snapshot still vouches for ${count} stage${count === 1 ? "" : "s"}; checking the rest.`;
}
