import type { StateBackend } from "../plugin/state-backend";
import { projectStateDir } from "../project/project-root";
import type { SnapshotFile } from "./snapshot-file";

export interface SnapshotRun {
  id: string;
  startedAtMs: number;
  durationMs: number;
  command: string;
}

/** Records a run answered from a snapshot in the project's run history: every stage skipped, unchanged. */
export function recordSnapshotRun(backend: StateBackend, projectRoot: string, snapshot: Pick<SnapshotFile, "stages">, run: SnapshotRun): void {
  const store = backend.open(projectStateDir(projectRoot));
  try {
    store.recordRun({
      ...run,
      status: "ok",
      stages: snapshot.stages.map((stage) => ({ stage, status: "skipped", reason: "unchanged", durationMs: 0 })),
    });
  } finally {
    store.close();
  }
}
