import { PivotError } from "../errors/pivot-error";

/**
 * Every value of an option given several times (`--rev A --rev B`, `--rev=A`, `-r A`): citty
 * keeps only the last one, so they are read from the raw arguments. Stops at `--`.
 */
export function repeatedOption(rawArgs: readonly string[], long: string, short?: string, valueHint = "a value"): string[] {
  const values: string[] = [];
  const names = new Set([`--${long}`, ...(short ? [`-${short}`] : [])]);
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i]!;
    if (arg === "--") break;
    if (names.has(arg)) {
      const value = rawArgs[i + 1];
      if (value === undefined || value.startsWith("-")) {
        throw new PivotError("USAGE", `${arg} needs ${valueHint}`, { hint: `Write ${arg} <${long}>.`, exitCode: 2 });
      }
      values.push(value);
      i++;
    } else if (arg.startsWith(`--${long}=`)) values.push(arg.slice(long.length + 3));
  }
  return values;
}

/** `--jobs` as a positive whole number (undefined when not given). */
export function parseJobs(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const jobs = Number(raw);
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new PivotError("USAGE", `--jobs must be a whole number of at least 1, not '${raw}'`, { hint: "For example: --jobs 16", exitCode: 2 });
  }
  return jobs;
}

/** The positional arguments (citty keeps only the first in a named positional), blank ones dropped. */
export function positionalsOf(args: { _?: unknown }): string[] {
  return Array.isArray(args._) ? args._.map(String).filter((t) => t.trim() !== "") : [];
}
