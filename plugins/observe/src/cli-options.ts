import { PivotError } from "@pivot/core/internal";

/** `--rev A --rev B` (or `-r`): citty keeps only the last value of a repeated option, so read them from the raw arguments. */
export function revisionsOf(rawArgs: readonly string[], max = 2): string[] {
  const revs: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i]!;
    if (arg === "--") break;
    if (arg === "--rev" || arg === "-r") {
      const value = rawArgs[i + 1];
      if (value === undefined || value.startsWith("-")) {
        throw new PivotError("USAGE", `${arg} needs a git revision`, { hint: "Write --rev HEAD~1 (a commit, branch or tag)." , exitCode: 2 });
      }
      revs.push(value);
      i++;
    } else if (arg.startsWith("--rev=")) revs.push(arg.slice("--rev=".length));
  }
  if (revs.length > max) {
    throw new PivotError("USAGE", `At most ${max} revision${max === 1 ? "" : "s"} can be given (got ${revs.join(", ")})`, {
      hint: max === 1 ? "Give one --rev." : "Give --rev A to compare A with the workspace, or --rev A --rev B to compare two revisions.",
      exitCode: 2,
    });
  }
  return revs;
}

/** `--precision N`: digits after the decimal point for numbers in tables (default 5). */
export function precisionOf(value: string | undefined): number {
  if (value === undefined || value === "") return 5;
  const digits = Number(value);
  if (!Number.isInteger(digits) || digits < 0 || digits > 15) {
    throw new PivotError("USAGE", `--precision must be a whole number from 0 to 15, got '${value}'`, { hint: "Write e.g. --precision 3.", exitCode: 2 });
  }
  return digits;
}

/** Output format from `--json` / `--md` (JSON wins when both are given). */
export function formatOf(args: { json?: boolean; md?: boolean }): "json" | "md" | "text" {
  return args.json ? "json" : args.md ? "md" : "text";
}

/** The `--rev` option of the diff commands (given twice to compare two revisions). */
export const diffRevArg = {
  rev: { type: "string", alias: "r", valueHint: "REV", description: "Compare with this git revision (give twice to compare two revisions)" },
} as const;

/** The output options of the commands that print tables (params, metrics). */
export const tableArgs = {
  json: { type: "boolean", description: "Print JSON" },
  md: { type: "boolean", description: "Print a GitHub-markdown table" },
  precision: { type: "string", valueHint: "N", description: "Digits after the point for numbers in tables (default 5)" },
} as const;
