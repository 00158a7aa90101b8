import { dirname } from "node:path";
import type { Project } from "../project/open-project";
import { snapshotChanges } from "./check-snapshot";
import type { SnapshotInvocation } from "./snapshot-key";
import { stageReads } from "./stage-reads";
import { GcPacer } from "../engine/gc-pacer";
import { debug } from "../ui/output";

/**
 * The stages the last up-to-date snapshot of this invocation still vouches for, when it no longer
 * holds as a whole: a stage none of whose own recorded files (lock, params, deps, outputs, and what
 * is below its folders) changed was up to date then and would be found so again — provided no file
 * every decision reads (config, pipeline files, where they are looked for) changed, else undefined.
 * Changes to tracked data alone vouch for every stage (tracked data is checked on its own).
 * A stage downstream of one that will run is not vouched for here: the check sees its upstream run.
 * Says how many under `-v`.
 */
export async function vouchedStages(project: Project, invocation: SnapshotInvocation): Promise<Set<string> | undefined> {
  const changes = await snapshotChanges(invocation);
  if (!changes) return undefined;
  // Each changed path and every folder holding it: a stage reading one of them (the path itself, or
  // a folder dep or output it is in) is affected. As many entries as changes, not as stages.
  const hit = new Set<string>();
  for (const path of changes.changed) {
    for (let at = path; !hit.has(at); at = dirname(at)) {
      hit.add(at);
      if (at === project.root || dirname(at) === at) break;
    }
  }
  const graph = project.graph();
  const vouched = new Set<string>();
  const gc = new GcPacer();
  for (const id of changes.snapshot.stages) {
    gc.tick();
    const stage = graph.stages.get(id);
    if (!stage) return undefined;
    if (hit.size === 0 || !stageReads(project.root, stage).some((path) => hit.has(path))) vouched.add(id);
  }
  debug(vouchedNote(vouched.size));
  return vouched;
}

/** What `-v` says when a command checks only what the last snapshot cannot vouch for. */
function vouchedNote(count: number): string {
  return `The last up-to-date snapshot still vouches for ${count} stage${count === 1 ? "" : "s"}; checking the rest.`;
}
