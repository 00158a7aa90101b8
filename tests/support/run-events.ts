/** Reading the JSON-lines event stream of `pivot repro --json` (and `run --json`). */

export interface RunEvent {
  type: string;
  stage?: string;
  status?: string;
  reason?: string;
  error?: string;
  [key: string]: unknown;
}

/** Every event of a `--json` run, in order. */
export function runEvents(stdout: string): RunEvent[] {
  return stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RunEvent);
}

/** The `stage-end` event of each stage, by stage id. */
export function stageEnds(stdout: string): Record<string, RunEvent> {
  return Object.fromEntries(runEvents(stdout).filter((e) => e.type === "stage-end").map((e) => [e.stage!, e]));
}

/** Status per stage (`ran`, `skipped`, `restored`, `failed`, …). */
export function stageStatuses(stdout: string): Record<string, string> {
  return Object.fromEntries(Object.entries(stageEnds(stdout)).map(([stage, e]) => [stage, e.status!]));
}

/** Stages that ran, sorted. */
export function ranStages(stdout: string): string[] {
  return Object.entries(stageStatuses(stdout))
    .filter(([, status]) => status === "ran")
    .map(([stage]) => stage)
    .sort();
}
