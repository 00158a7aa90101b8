/** What a transfer is doing now, for progress bars. */
export type TransferPhase = "check" | "verify" | "upload" | "download";

export interface TransferProgress {
  phase: TransferPhase;
  doneObjects: number;
  totalObjects: number;
  doneBytes: number;
  /** 0 when sizes are unknown (existence checks). */
  totalBytes: number;
}

export type ProgressListener = (progress: Readonly<TransferProgress>) => void;

/** Counts objects and bytes of one phase and tells the listener after every change. */
export class ProgressCounter {
  readonly #state: TransferProgress;
  readonly #listener: ProgressListener | undefined;

  constructor(phase: TransferPhase, totalObjects: number, totalBytes: number, listener?: ProgressListener) {
    this.#state = { phase, doneObjects: 0, totalObjects, doneBytes: 0, totalBytes };
    this.#listener = listener;
    listener?.(this.#state);
  }

  bytes(count: number): void {
    this.#state.doneBytes += count;
    this.#listener?.(this.#state);
  }

  objects(count: number): void {
    this.#state.doneObjects += count;
    this.#listener?.(this.#state);
  }
}
