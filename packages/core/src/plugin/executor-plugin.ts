import type { Stage } from "../model/pipeline";

export interface StageLogLine {
  stream: "stdout" | "stderr";
  text: string;
}

export interface ExecuteOptions {
  projectRoot: string;
  /** Resolved parameter values. */
  params: Record<string, unknown>;
  signal: AbortSignal;
  onOutput(line: StageLogLine): void;
}

export interface ExecuteResult {
  ok: boolean;
  /** Why it failed, in one line. */
  error?: string;
  /** More detail (exit code, stack mapped to the user's source). */
  detail?: string;
}

/** Runs stage bodies of one kind (`cmd`, `ts`). */
export interface ExecutorPlugin {
  kind: string;
  execute(stage: Stage, options: ExecuteOptions): Promise<ExecuteResult>;
  /** Called once when a run ends (stop workers etc.). */
  dispose?(): Promise<void>;
}
