import { existsSync, readFileSync, readdirSync } from "node:fs";
import { basename, dirname } from "node:path";
import { runSlurm } from "./slurm-command";
import type { SlurmSettings } from "./slurm-settings";

/** How a job ended, as Slurm names it (COMPLETED, FAILED, TIMEOUT, …) or LOST. */
export interface JobEnd {
  state: string;
  /** From the job's own exit-code file when it wrote one. */
  exitCode?: number;
}

const TERMINAL = new Set(["COMPLETED", "FAILED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "CANCELLED", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "REVOKED", "SPECIAL_EXIT"]);

interface Tracked {
  exitFile: string;
  tick(): void;
  resolve(end: JobEnd): void;
  missingSinceMs?: number;
  /** Terminal state seen; waiting for the exit-code file (late on network filesystems). */
  endedAtMs?: number;
  endedState?: string;
  /** A code other than 0 seen in the exit-code file between ticks (the next tick says why). */
  failedCode?: number;
}

function readExitCode(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const code = Number(readFileSync(file, "utf8").trim());
  return Number.isInteger(code) ? code : undefined;
}

/**
 * Follows every job of one executor with one batched `squeue` per tick (jobs that aged out of
 * squeue: one `sacct`, when accounting answers), ticks that start at pollMinMs after a submission
 * and back off. A job's exit code comes from the file it writes itself, so a cluster without an
 * accounting database never hangs a run. Between ticks, every exitCheckMs, one listing of each
 * job folder looks for new exit-code files: a job whose file says 0 has run all its commands and
 * ends at once, without waiting for the next tick; one with another code asks for a tick soon
 * (squeue tells a failing command from TIMEOUT or CANCELLED). Cancels are batched: one `scancel`
 * per burst.
 */
export class JobTracker {
  readonly #jobs = new Map<string, Tracked>();
  readonly #settings: SlurmSettings;
  #intervalMs: number;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #toCancel = new Set<string>();
  #cancelling: Promise<void> | undefined;
  #sacctWorks = true;
  /** Status queries made (for the bench and tests). */
  queries = 0;

  constructor(settings: SlurmSettings) {
    this.#settings = settings;
    this.#intervalMs = settings.pollMinMs;
  }

  /** Resolves when the job has ended; `tick` runs on every status round (to tail its logs). */
  watch(id: string, exitFile: string, tick: () => void): Promise<JobEnd> {
    return new Promise((resolve) => {
      this.#jobs.set(id, { exitFile, tick, resolve });
      this.#intervalMs = this.#settings.pollMinMs;
      this.#wake?.();
      this.#loop ??= this.#run().finally(() => (this.#loop = undefined));
    });
  }

  inFlight(): string[] {
    return [...this.#jobs.keys()];
  }

  /** Cancels `ids` with the next `scancel` (calls in the same moment share one). */
  cancel(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.#toCancel.add(id);
    this.#cancelling ??= Promise.resolve().then(async () => {
      const batch = [...this.#toCancel];
      this.#toCancel.clear();
      this.#cancelling = undefined;
      if (batch.length > 0) await runSlurm(["scancel", ...batch]);
      this.#intervalMs = this.#settings.pollMinMs;
      this.#wake?.();
    });
    return this.#cancelling;
  }

  async #run(): Promise<void> {
    let lastQueryAt = 0;
    let nextQueryAt = Date.now() + this.#intervalMs;
    while (this.#jobs.size > 0) {
      const untilQuery = Math.max(0, nextQueryAt - Date.now());
      const wait = this.#settings.exitCheckMs > 0 ? Math.min(untilQuery, this.#settings.exitCheckMs) : untilQuery;
      const woken = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), wait);
        this.#wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      this.#wake = undefined;
      const now = Date.now();
      // a new job or a cancel: look again soon, but never more often than pollMinMs
      if (woken) nextQueryAt = Math.min(nextQueryAt, now + this.#settings.pollMinMs);
      if (this.#checkExitFiles()) nextQueryAt = Math.min(nextQueryAt, Math.max(now, lastQueryAt + this.#settings.pollMinMs));
      if (this.#jobs.size === 0 || Date.now() < nextQueryAt) continue;
      lastQueryAt = Date.now();
      await this.#poll();
      this.#intervalMs = Math.min(this.#settings.pollMaxMs, Math.round(this.#intervalMs * 1.5));
      nextQueryAt = Date.now() + this.#intervalMs;
    }
  }

  /**
   * Ends the jobs whose exit-code file says 0 (one folder listing per job folder, then only the
   * files that appeared are read). True when a job wrote another code: squeue should say why soon.
   */
  #checkExitFiles(): boolean {
    if (this.#settings.exitCheckMs <= 0) return false;
    const byDir = new Map<string, Array<[string, Tracked]>>();
    for (const entry of this.#jobs) {
      if (entry[1].failedCode !== undefined) continue;
      const dir = dirname(entry[1].exitFile);
      const jobs = byDir.get(dir);
      if (jobs) jobs.push(entry);
      else byDir.set(dir, [entry]);
    }
    let failed = false;
    for (const [dir, jobs] of byDir) {
      let names: Set<string>;
      try {
        names = new Set(readdirSync(dir));
      } catch {
        continue;
      }
      for (const [id, job] of jobs) {
        if (!names.has(basename(job.exitFile))) continue;
        const code = readExitCode(job.exitFile);
        if (code === undefined) continue;
        if (code !== 0) {
          job.failedCode = code;
          failed = true;
          continue;
        }
        job.tick();
        this.#end(id, { state: "COMPLETED", exitCode: 0 });
      }
    }
    return failed;
  }

  async #poll(): Promise<void> {
    const ids = [...this.#jobs.keys()];
    if (ids.length === 0) return;
    this.queries += 1;
    const states = await this.#squeue(ids);
    const missing = ids.filter((id) => !states.has(id));
    if (missing.length > 0 && this.#sacctWorks) for (const [id, state] of await this.#sacct(missing)) states.set(id, state);
    const now = Date.now();
    for (const id of ids) {
      const job = this.#jobs.get(id)!;
      job.tick();
      const exitCode = readExitCode(job.exitFile);
      const state = states.get(id);
      if (state !== undefined) job.missingSinceMs = undefined;
      if (state && TERMINAL.has(state)) {
        // COMPLETED/FAILED: the exit-code file says the code; wait (bounded) for it to be visible
        const needsCode = (state === "COMPLETED" || state === "FAILED") && exitCode === undefined;
        job.endedAtMs ??= now;
        if (needsCode && now - job.endedAtMs < this.#settings.outputWaitMs) continue;
        this.#end(id, { state, ...(exitCode !== undefined ? { exitCode } : {}) });
      } else if (state === undefined) {
        if (exitCode !== undefined) {
          this.#end(id, { state: exitCode === 0 ? "COMPLETED" : "FAILED", exitCode });
          continue;
        }
        job.missingSinceMs ??= now;
        if (now - job.missingSinceMs >= this.#settings.lostAfterMs) this.#end(id, { state: "LOST" });
      }
    }
  }

  #end(id: string, end: JobEnd): void {
    const job = this.#jobs.get(id);
    if (!job) return;
    this.#jobs.delete(id);
    job.resolve(end);
  }

  /** State of each job squeue still knows (`-t all`: ended ones too, until MinJobAge). */
  async #squeue(ids: readonly string[]): Promise<Map<string, string>> {
    const result = await runSlurm(["squeue", "-h", "-t", "all", "-j", ids.join(","), "-o", "%i|%T"]);
    const states = new Map<string, string>();
    for (const line of result.stdout.split("\n")) {
      const [id, state] = line.trim().split("|");
      if (id && state) states.set(id, state.replace(/\+$/, ""));
    }
    return states;
  }

  /** Accounting's view of jobs squeue forgot; off for the rest of the run once it fails. */
  async #sacct(ids: readonly string[]): Promise<Map<string, string>> {
    const states = new Map<string, string>();
    const result = await runSlurm(["sacct", "-n", "-X", "-P", "-j", ids.join(","), "-o", "JobID,State"]);
    if (result.code !== 0) {
      this.#sacctWorks = false;
      return states;
    }
    for (const line of result.stdout.split("\n")) {
      const [id, state] = line.trim().split("|");
      if (id && state) states.set(id, state.split(" ")[0]!.replace(/\+$/, ""));
    }
    return states;
  }
}
