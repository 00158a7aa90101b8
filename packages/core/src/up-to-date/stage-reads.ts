import { lockPathOf } from "../lock/lock-file";
import type { Stage } from "../model/pipeline";
import { fromProjectPath } from "../model/paths";

/** The absolute paths a stage's decision reads: its lock file, params files, deps and outputs (folders with what is below them). */
export function stageReads(projectRoot: string, stage: Stage): string[] {
  return [
    lockPathOf(stage),
    ...stage.params.map((ref) => fromProjectPath(projectRoot, ref.file)),
    ...stage.deps.map((dep) => fromProjectPath(projectRoot, dep.path)),
    ...stage.outs.map((out) => fromProjectPath(projectRoot, out.path)),
  ];
}
