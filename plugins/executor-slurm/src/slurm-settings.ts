/** `executors.slurm.*` settings (see docs/executors.md), with their defaults. */
export interface SlurmSettings {
  /** First status query after a submission (ms); queries then back off by 1.5× up to pollMaxMs. */
  pollMinMs: number;
  pollMaxMs: number;
  /** How often, between status queries, the job folders are listed for new exit-code files (0: never). */
  exitCheckMs: number;
  /** How long to wait after a job ends for its exit-code file and outputs to appear (network filesystems). */
  outputWaitMs: number;
  /** A job neither squeue nor sacct knows, without an exit-code file, is lost after this long. */
  lostAfterMs: number;
}

const DEFAULTS: SlurmSettings = { pollMinMs: 100, pollMaxMs: 2000, exitCheckMs: 50, outputWaitMs: 5000, lostAfterMs: 60_000 };

export function slurmSettings(raw: Record<string, unknown>): SlurmSettings {
  const out = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as Array<keyof SlurmSettings>) {
    const value = raw[key];
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) out[key] = value;
  }
  out.pollMaxMs = Math.max(out.pollMaxMs, out.pollMinMs);
  return out;
}
