import { allPipelinesArgs, completes } from "@pivot/core/internal";

/** Options shared by push, fetch and pull. */
export const transferArgs = {
  targets: { type: "positional", required: false, description: "Stages (names or globs) or output paths; default: every recorded output", ...completes("stages-or-files") },
  remote: { type: "string", alias: "r", description: "Remote name (or a URL / folder); default: remote.default", ...completes("remotes") },
  jobs: { type: "string", alias: "j", description: "Parallel transfers (default: remote.jobs, 4 × CPUs)" },
  dryRun: { type: "boolean", alias: "n", description: "Show what would be transferred, change nothing" },
  json: { type: "boolean", description: "Print a JSON report" },
  ...allPipelinesArgs,
} as const;
