import { PivotError } from "@pivot/core/host";
import type { RunCommandArgs } from "./run-args";

export interface WatchCommandArgs extends RunCommandArgs {
  watch?: boolean;
  debounce?: string;
  restart?: boolean;
}

export function usage(message: string, hint: string): PivotError {
  return new PivotError("USAGE", message, { hint, exitCode: 2 });
}

/** True for `--watch`; rejects watch options without it and options that do not mix with it. */
export function checkWatchFlags(args: WatchCommandArgs): boolean {
  if (!args.watch) {
    if (args.debounce !== undefined || args.restart) throw usage("--debounce and --restart only apply to --watch", "Add --watch, or drop them.");
    return false;
  }
  if (args.dryRun || args.explain) throw usage("--watch runs stages; it does not mix with --dry-run or --explain", "Use `pivot status --explain` to see what would run.");
  if (args.pull || args.allowMissing) throw usage("--pull and --allow-missing do not mix with --watch", "Run `pivot repro --pull` once, then watch.");
  if (args.downstream) throw usage("--watch keeps the targets and their upstream up to date; it does not mix with --downstream", "Watch the downstream stages by naming them: `pivot repro --watch <stage>…`.");
  return true;
}

