import { type ArgsDef, parseArgs } from "citty";

/**
 * citty hands a string option written without a value the next argument (`--remote --json` gives
 * remote "--json" and loses --json). For an option whose value may be left out (`status
 * --remote`: the default remote), re-parses the command line with `--name=` in its place.
 */
export function withOptionalValue<T extends Record<string, unknown>>(args: T, rawArgs: readonly string[], def: ArgsDef, name: string, alias?: string): T {
  const value = args[name];
  if (typeof value !== "string" || !value.startsWith("-")) return args;
  const flags = new Set([`--${name}`, ...(alias ? [`-${alias}`] : [])]);
  return parseArgs(rawArgs.map((a) => (flags.has(a) ? `--${name}=` : a)), def) as unknown as T;
}
