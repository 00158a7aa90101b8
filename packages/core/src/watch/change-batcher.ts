/**
 * Debounce and batching for watch mode: changed paths are collected into one batch, which becomes
 * ready once `debounceMs` passed without a new change (but no later than `maxWaitMs` after its
 * first change, so a file rewritten non-stop still gets handled). While nobody waits for a batch
 * (a run is in progress), changes keep collecting and the batch is handed over when asked for.
 */
export interface ChangeBatcherOptions {
  debounceMs: number;
  /** Upper bound on the wait from a batch's first change (default: max(5 s, debounceMs)). */
  maxWaitMs?: number;
  /** Called when a batch becomes ready while no `next()` is waiting (used by `--restart`). */
  onReadyWhileBusy?: () => void;
}

export class ChangeBatcher {
  readonly #debounceMs: number;
  readonly #maxWaitMs: number;
  readonly #onReadyWhileBusy: (() => void) | undefined;
  #paths = new Set<string>();
  #firstAtMs = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #ready = false;
  #closed = false;
  #waiter: ((batch: string[] | undefined) => void) | undefined;

  constructor(options: ChangeBatcherOptions) {
    this.#debounceMs = Math.max(0, options.debounceMs);
    this.#maxWaitMs = options.maxWaitMs ?? Math.max(5000, this.#debounceMs);
    this.#onReadyWhileBusy = options.onReadyWhileBusy;
  }

  /** Number of paths waiting in the current batch. */
  get size(): number {
    return this.#paths.size;
  }

  /** The paths waiting in the current batch, without taking them. */
  pending(): string[] {
    return [...this.#paths];
  }

  /** Adds a changed path; every change restarts the quiet period. */
  push(path: string): void {
    if (this.#closed) return;
    const now = performance.now();
    if (this.#paths.size === 0) this.#firstAtMs = now;
    this.#paths.add(path);
    this.#ready = false;
    clearTimeout(this.#timer);
    const delayMs = Math.max(0, Math.min(this.#debounceMs, this.#firstAtMs + this.#maxWaitMs - now));
    this.#timer = setTimeout(() => this.#fire(), delayMs);
  }

  /** The next ready batch (paths in arrival order); undefined once closed. */
  next(): Promise<string[] | undefined> {
    if (this.#closed) return Promise.resolve(undefined);
    if (this.#ready) return Promise.resolve(this.#drain());
    return new Promise((resolve) => {
      this.#waiter = resolve;
    });
  }

  /** Stops batching: a pending `next()` resolves with undefined. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.(undefined);
  }

  #fire(): void {
    this.#timer = undefined;
    if (this.#closed || this.#paths.size === 0) return;
    this.#ready = true;
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter(this.#drain());
    } else {
      this.#onReadyWhileBusy?.();
    }
  }

  #drain(): string[] {
    const batch = [...this.#paths];
    this.#paths = new Set();
    this.#ready = false;
    return batch;
  }
}
