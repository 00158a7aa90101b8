/**
 * A warm pool of Bun Workers for TS stages. Workers start on demand (at most as many as stages run
 * at once — the scheduler's `--jobs`), stay alive for the whole run and keep the modules they
 * imported; a worker is replaced only when it crashes or a stage is interrupted.
 */
import type { ExecuteResult, StageLogLine } from "../plugin/executor-plugin";
import type { FromWorker, TsJob } from "./ts-job";

const WORKER_ENTRY = new URL("./ts-worker.ts", import.meta.url).href;

interface RunningJob {
  id: number;
  onOutput(line: StageLogLine): void;
  finish(result: ExecuteResult): void;
}

interface PoolWorker {
  worker: Worker;
  job?: RunningJob;
  dead: boolean;
}

export interface RunOptions {
  signal: AbortSignal;
  onOutput(line: StageLogLine): void;
}

export class TsWorkerPool {
  readonly #idle: PoolWorker[] = [];
  readonly #all = new Set<PoolWorker>();
  #nextId = 1;
  /** Workers started so far (for tests and benchmarks). */
  started = 0;

  /** Runs a job on an idle worker (or a new one) and resolves with its result. */
  run(job: TsJob, options: RunOptions): Promise<ExecuteResult> {
    if (options.signal.aborted) return Promise.resolve({ ok: false, error: "interrupted" });
    const pooled = this.#idle.pop() ?? this.#spawn();
    return new Promise((resolve) => {
      const onAbort = () => {
        this.#discard(pooled);
        finish({ ok: false, error: "interrupted" });
      };
      const finish = (result: ExecuteResult) => {
        options.signal.removeEventListener("abort", onAbort);
        pooled.job = undefined;
        if (!pooled.dead) this.#idle.push(pooled);
        resolve(result);
      };
      pooled.job = { id: this.#nextId++, onOutput: options.onOutput, finish };
      options.signal.addEventListener("abort", onAbort, { once: true });
      pooled.worker.postMessage({ type: "run", id: pooled.job.id, job });
    });
  }

  #spawn(): PoolWorker {
    const pooled: PoolWorker = { worker: new Worker(WORKER_ENTRY), dead: false };
    this.started += 1;
    this.#all.add(pooled);
    pooled.worker.onmessage = (event: MessageEvent<FromWorker>) => this.#receive(pooled, event.data);
    pooled.worker.onerror = (event) => {
      event.preventDefault();
      this.#crashed(pooled, { ok: false, error: `the stage's worker crashed: ${event.message.split("\n").find((l) => l.startsWith("error: "))?.slice(7) ?? event.message}` });
    };
    pooled.worker.addEventListener("close", (event) => {
      const code = (event as Event & { code?: number }).code;
      this.#crashed(pooled, { ok: false, error: `the stage's worker exited${code === undefined ? "" : ` with code ${code}`} (process.exit in the stage?)` });
    });
    return pooled;
  }

  #receive(pooled: PoolWorker, message: FromWorker): void {
    const job = pooled.job;
    if (!job || (message.id !== undefined && message.id !== job.id)) return;
    if (message.type === "output") return job.onOutput({ stream: message.stream, text: message.text });
    if (message.type === "fatal") {
      this.#discard(pooled);
      return job.finish({ ok: false, error: message.error, ...(message.detail ? { detail: message.detail } : {}) });
    }
    if (message.ok) job.finish({ ok: true });
    else job.finish({ ok: false, error: message.error, ...(message.detail ? { detail: message.detail } : {}) });
  }

  #crashed(pooled: PoolWorker, result: ExecuteResult): void {
    if (pooled.dead) return;
    const job = pooled.job;
    this.#discard(pooled);
    job?.finish(result);
  }

  #discard(pooled: PoolWorker): void {
    if (pooled.dead) return;
    pooled.dead = true;
    this.#all.delete(pooled);
    const at = this.#idle.indexOf(pooled);
    if (at >= 0) this.#idle.splice(at, 1);
    pooled.worker.terminate();
  }

  /** Stops every worker. The pool can be used again afterwards (new workers start). */
  async dispose(): Promise<void> {
    for (const pooled of [...this.#all]) this.#discard(pooled);
  }
}
