import type { Stage } from "../model/pipeline";
import type { StateStore } from "./state-backend";

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

export interface FingerprintContext {
  projectRoot: string;
  /** The stage's state store, for caching fingerprints by source file hash. */
  store: StateStore;
}

/** Runs stage bodies of one kind (`cmd`, `ts`). */
export interface ExecutorPlugin {
  kind: string;
  /**
   * Named parts of the stage's code (e.g. `fn:normalize src/utils.ts` → hash). A change in any
   * part makes the stage run, and `status --explain` names the part.
   */
  fingerprint?(stage: Stage, ctx: FingerprintContext): Promise<Record<string, string>>;
  /**
   * Project-relative local source files the stage's code is built from (what its fingerprint
   * read). `repro --watch` reloads when one changes; without this hook it follows the imports of
   * the stage's file and of its pipeline.ts.
   */
  sourceFiles?(stage: Stage, ctx: FingerprintContext): Promise<string[]>;
  execute(stage: Stage, options: ExecuteOptions): Promise<ExecuteResult>;
  /** Called once when a run ends (stop workers etc.). */
  dispose?(): Promise<void>;
}
