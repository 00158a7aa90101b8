import { allPipelinesArgs } from "@pivot/core/host";

/** What `repro` and `run` get from citty (runArgs, plus the targets). */
export interface RunCommandArgs {
  _: string[];
  force?: boolean;
  jobs?: string;
  keepGoing?: boolean;
  showOutput?: boolean;
  dryRun?: boolean;
  explain?: boolean;
  json?: boolean;
  all?: boolean;
  strict?: boolean;
  noCommit?: boolean;
  /** `repro --downstream`: the targets and what depends on them, not their upstream. */
  downstream?: boolean;
  pull?: boolean;
  allowMissing?: boolean;
  /** citty parses `--no-commit` as the negation of a `commit` flag. */
  commit?: boolean;
  /** `--no-wait` makes it false. */
  wait?: boolean;
}

/** Options shared by `repro` and `run`. */
export const runArgs = {
  force: { type: "boolean", alias: "f", description: "Run the stages even when nothing changed" },
  jobs: { type: "string", alias: "j", valueHint: "N", description: "Stages run at once; on a cluster executor, jobs in flight (default: config core.jobs, else the CPUs, or 100 with executor: slurm)" },
  keepGoing: { type: "boolean", alias: "k", description: "After a failure, keep running stages that do not depend on it" },
  showOutput: { type: "boolean", alias: "s", description: "Stream each stage's output live" },
  dryRun: { type: "boolean", alias: "n", description: "Only show what would run, and why; change nothing" },
  explain: { type: "boolean", alias: "e", description: "Like --dry-run, with every reason old → new" },
  noCommit: { type: "boolean", description: "Run without recording anything (no cache, lock or state writes); `pivot commit` records later" },
  pull: { type: "boolean", description: "Fetch from the default remote what a stage needs instead of recomputing it (missing outputs, run-cache hits, tracked deps); a remote that fails or stays silent past remote.timeoutMs is skipped and the stage runs" },
  allowMissing: { type: "boolean", description: "Accept data absent from the workspace when the default remote holds it (a stage that must run still needs it)" },
  wait: { type: "boolean", description: "When another pivot process runs a stage, wait for it and use its result (the default; --no-wait fails such stages instead)" },
  json: { type: "boolean", description: "Print JSON lines events (JSON report with --dry-run)" },
  ...allPipelinesArgs,
} as const;

/** `repro --watch` and its options (only `repro` has them). */
export const watchArgs = {
  watch: { type: "boolean", alias: "w", description: "Run, then keep the stages up to date as files change (Ctrl-C stops)" },
  debounce: { type: "string", valueHint: "MS", description: "With --watch: quiet time before reacting to changes (default: config watch.debounceMs, 300)" },
  restart: { type: "boolean", description: "With --watch: a change during a run stops the running stages and starts over" },
} as const;
