import { allPipelinesArgs, completes, PivotError } from "@pivot/core";

/** Options shared by push, fetch and pull. */
export const transferArgs = {
  targets: { type: "positional", required: false, description: "Stages (names or globs) or output paths; default: every recorded output", ...completes("stages-or-files") },
  remote: { type: "string", alias: "r", description: "Remote name (or a URL / folder); default: remote.default", ...completes("remotes") },
  jobs: { type: "string", alias: "j", description: "Parallel transfers (default: remote.jobs, 4 × CPUs)" },
  dryRun: { type: "boolean", alias: "n", description: "Show what would be transferred, change nothing" },
  json: { type: "boolean", description: "Print a JSON report" },
  ...allPipelinesArgs,
} as const;

/** `--jobs` as a positive whole number. */
export function parseJobs(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const jobs = Number(raw);
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new PivotError("USAGE", `--jobs must be a whole number of at least 1, not '${raw}'`, { hint: "For example: --jobs 16", exitCode: 2 });
  }
  return jobs;
}
