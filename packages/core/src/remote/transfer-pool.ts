import { describeFailure, isFatalRemoteError, isTransientError } from "./remote-errors";
import { type RetryPolicy, withRetry } from "./retry";
import type { ProgressCounter } from "./transfer-progress";

/** One object to move. `run` reports bytes through `onBytes` and throws on failure. */
export interface TransferTask {
  hash: string;
  /** Output the object belongs to, for messages. */
  label: string;
  sizeBytes: number;
  run(onBytes: (bytes: number) => void): Promise<void>;
}

export interface TransferFailure {
  hash: string;
  label: string;
  error: string;
  /** The remote was unreachable or overloaded: running the command again may succeed. */
  transient?: boolean;
}

export interface PoolResult {
  done: string[];
  failed: TransferFailure[];
  /** Set when the pool stopped early: the remote is unreachable or refused us. No new task started after it. */
  stoppedBy?: unknown;
  /** Tasks never started because the pool stopped. */
  notStarted: number;
}

export interface PoolOptions {
  jobs: number;
  retry: RetryPolicy;
  progress?: ProgressCounter;
  onDone?(task: TransferTask): void;
  /** Called for a failed task (after retries); return true to count it as handled (not a failure). */
  onFailed?(task: TransferTask, error: unknown): boolean;
}

/**
 * Runs transfers `jobs` at a time, each retried on transient failures with back-off. A task that
 * fails for good is collected and the others go on; but when a transient failure outlives its
 * retries, or the remote refuses us (credentials, missing bucket), no new task starts: the remote
 * is gone for now, and the next run resumes where this one stopped.
 */
export async function runTransfers(tasks: readonly TransferTask[], options: PoolOptions): Promise<PoolResult> {
  const result: PoolResult = { done: [], failed: [], notStarted: 0 };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (result.stoppedBy === undefined && next < tasks.length) {
      const task = tasks[next++]!;
      let moved = 0;
      const onBytes = (bytes: number) => {
        moved += bytes;
        options.progress?.bytes(bytes);
      };
      try {
        await withRetry(() => task.run(onBytes), options.retry, () => {
          options.progress?.bytes(-moved);
          moved = 0;
        });
        result.done.push(task.hash);
        options.progress?.objects(1);
        options.onDone?.(task);
      } catch (error) {
        options.progress?.bytes(-moved);
        if (options.onFailed?.(task, error)) continue;
        result.failed.push({ hash: task.hash, label: task.label, error: describeFailure(error), ...(isTransientError(error) ? { transient: true } : {}) });
        if (result.stoppedBy === undefined && (isTransientError(error) || isFatalRemoteError(error))) result.stoppedBy = error;
      }
    }
  };
  const workers = Math.max(1, Math.min(options.jobs, tasks.length));
  await Promise.all(Array.from({ length: workers }, worker));
  result.notStarted = tasks.length - next;
  return result;
}
