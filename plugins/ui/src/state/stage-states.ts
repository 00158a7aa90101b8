import { type Project, type RunRecord, formatReason, hostContext, predictStages, predictionJson } from "@pivot/core/internal";
import { checkSnapshot } from "@pivot/core/up-to-date";

/** The colours of the page. `restored`: up to date, its outputs last restored from the cache. */
export type StageState = "up-to-date" | "restored" | "stale" | "restorable" | "error" | "frozen" | "running" | "failed";

export interface StageStatus {
  id: string;
  state: StageState;
  /** One line: why it is stale, the error, or "unchanged". */
  reason: string;
  /** Every reason, old → new. */
  details: string[];
}

export interface StatesReport {
  /** How the answer was reached: the up-to-date snapshot, or a full check. */
  source: "snapshot" | "check";
  checkedAtMs: number;
  stages: StageStatus[];
}

/** The latest attempt (ran, restored, failed) of each stage in the history, newest run first. */
export function lastAttempts(runs: readonly RunRecord[]): Map<string, { status: string; reason: string; runId: string }> {
  const last = new Map<string, { status: string; reason: string; runId: string }>();
  for (const run of runs) {
    for (const stage of run.stages) {
      if (last.has(stage.stage) || !["ran", "restored", "failed"].includes(stage.status)) continue;
      last.set(stage.stage, { status: stage.status, reason: stage.reason, runId: run.id });
    }
  }
  return last;
}

/**
 * The state of every stage, read as `status` reads it: from the up-to-date snapshot when it holds,
 * otherwise by a full check that writes nothing (no hash-cache rows, so never the state DB's write
 * lock). A stage stale now whose latest attempt failed is `failed`, with that error.
 */
export async function stageStates(project: Project, options: { all: boolean }): Promise<StatesReport> {
  const checkedAtMs = Date.now();
  const runs = project.state.forProject(project.root).listRuns(20);
  const attempts = lastAttempts(runs);
  const discovery = hostContext().registry.discoveryPlugins();
  const snapshot = await checkSnapshot({ projectRoot: project.root, cwd: process.cwd(), command: "status", targets: [], all: options.all, discovery });
  const ids = [...project.graph().stages.keys()];
  const vouched = new Set(snapshot?.stages);
  if (snapshot && ids.every((id) => vouched.has(id))) {
    const stages = ids.map((id): StageStatus => {
      const restored = attempts.get(id)?.status === "restored";
      return { id, state: restored ? "restored" : "up-to-date", reason: restored ? "unchanged (outputs restored from the cache)" : "unchanged", details: [] };
    });
    return { source: "snapshot", checkedAtMs, stages };
  }
  const { predictions } = await predictStages(project, { targets: [], upstream: true, rememberHashes: false });
  const stages = predictions.map((prediction): StageStatus => {
    const json = predictionJson(prediction);
    const details = prediction.reasons.map((reason) => formatReason(reason, true));
    const attempt = attempts.get(prediction.id);
    if (json.state === "stale" && attempt?.status === "failed") return { id: prediction.id, state: "failed", reason: attempt.reason, details: [`last run ${attempt.runId} failed: ${attempt.reason}`, ...details] };
    if (json.state === "up-to-date" && attempt?.status === "restored") return { id: prediction.id, state: "restored", reason: "unchanged (outputs restored from the cache)", details };
    return { id: prediction.id, state: json.state as StageState, reason: json.reason, details };
  });
  return { source: "check", checkedAtMs, stages };
}
