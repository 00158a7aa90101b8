import { type LockedParams, ParamsReader, type Project, type Stage } from "@pivot/core/internal";
import { type FlatValues, flatten } from "../diff/diff-values";
import { locksAt } from "../git/locks-at";
import { type Snapshot, WORKSPACE } from "../git/snapshot";

/** One stage's parameters in one snapshot: params file (or `inline`) → dotted key → value. */
export interface StageParams {
  stage: string;
  files: Map<string, FlatValues>;
}

function flattenParams(params: LockedParams): Map<string, FlatValues> {
  const files = new Map<string, FlatValues>();
  for (const [file, values] of Object.entries(params)) {
    const flat = flatten(values);
    if (Object.keys(flat).length > 0) files.set(file, flat);
  }
  return files;
}

/**
 * Parameters of `stages` in a snapshot. In the workspace: the values in effect now (params files
 * as they are, inline values). At a revision: the values recorded in the stages' lock files there
 * — what that revision's results were produced with — including stages removed since (`orphans`).
 * Stages without parameters are left out.
 */
export function paramsAt(project: Project, stages: readonly Stage[], snapshot: Snapshot, options: { orphans: boolean }): StageParams[] {
  let found: StageParams[];
  if (snapshot.label === WORKSPACE) {
    const reader = new ParamsReader(project.root);
    found = stages.map((stage) => ({ stage: stage.id, files: flattenParams(reader.paramsOf(stage)) }));
  } else {
    found = locksAt(project, stages, snapshot, options).map(({ stage, lock }) => ({ stage, files: flattenParams(lock.params) }));
  }
  return found.filter((entry) => entry.files.size > 0);
}
