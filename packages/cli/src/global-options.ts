import { type GlobalOptions, globalFlagOf, stdoutIsTerminal } from "@pivot/core/host";

export interface ParsedCommandLine {
  globals: GlobalOptions;
  /** Arguments left for the command (global flags removed). */
  rest: string[];
  version: boolean;
}

/** Pulls the global flags out of argv wherever they appear (before a `--`). */
export function parseGlobalOptions(argv: readonly string[]): ParsedCommandLine {
  const globals: GlobalOptions = {
    verbose: false,
    quiet: false,
    color: !process.env.NO_COLOR && stdoutIsTerminal(),
  };
  let version = false;
  const rest: string[] = [];
  let passthrough = false;
  for (const arg of argv) {
    const flag = passthrough ? undefined : globalFlagOf(arg);
    if (arg === "--") passthrough = true;
    if (flag === "verbose" || flag === "quiet") globals[flag] = true;
    else if (flag === "no-color") globals.color = false;
    else if (flag === "version") version = true;
    else rest.push(arg);
  }
  return { globals, rest, version };
}
