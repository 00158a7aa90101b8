import { isTransientError } from "./remote-errors";

export interface RetryPolicy {
  /** Attempts after the first (config `remote.retries`). */
  retries: number;
  /** First back-off; doubled per attempt, with jitter, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** The first back-off in ms (250); tests shorten it with PIVOT_REMOTE_BACKOFF_MS. */
export function baseBackoffMs(): number {
  const fromEnv = Number(process.env.PIVOT_REMOTE_BACKOFF_MS);
  return Number.isFinite(fromEnv) && fromEnv >= 0 && process.env.PIVOT_REMOTE_BACKOFF_MS !== undefined ? fromEnv : 250;
}

/** Back-off before retry `attempt` (1-based): base × 2^(attempt-1), ±25 % jitter, capped. */
export function backoffMs(attempt: number, policy: RetryPolicy): number {
  const base = policy.baseDelayMs ?? 250;
  const max = policy.maxDelayMs ?? 8000;
  const delay = Math.min(max, base * 2 ** (attempt - 1));
  return Math.round(delay * (0.75 + Math.random() * 0.5));
}

/**
 * Runs `fn`, retrying transient failures (see isTransientError) with exponential back-off.
 * `onRetry` runs before each new attempt (to reset progress counted by the failed one). Other
 * failures, and the last transient one, are rethrown as they are.
 */
export async function withRetry<T>(fn: () => Promise<T>, policy: RetryPolicy, onRetry?: (attempt: number, error: unknown) => void): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= policy.retries || !isTransientError(error)) throw error;
      onRetry?.(attempt + 1, error);
      await Bun.sleep(backoffMs(attempt + 1, policy));
    }
  }
}
