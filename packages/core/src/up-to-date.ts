// The light entry of @pivot/core for answering `repro` from an up-to-date snapshot, before the
// engine loads. See docs/design/up-to-date-snapshot.md.
export { checkSnapshot, type HeldSnapshot, snapshotChanges, type SnapshotChanges } from "./up-to-date/check-snapshot";
export { recordSnapshotRun } from "./up-to-date/record-snapshot-run";
export type { SnapshotFile } from "./up-to-date/snapshot-file";
export type { SnapshotInvocation } from "./up-to-date/snapshot-key";
export { newRunId } from "./engine/run-id";
export { formatDuration } from "./engine/console-sink";
export { renderPredictions } from "./ui/render-status";
export { renderTrackedStatus } from "./ui/render-tracked";
export type { StagePrediction } from "./engine/predict";
export type { TrackedStatus } from "./track/tracked-state";
