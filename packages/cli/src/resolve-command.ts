import type { AnyCommand as CommandDef } from "@pivot/core/host";
import { PivotError, didYouMean } from "@pivot/core/host";

// citty resolves sub-commands itself when a command runs, but exports neither that resolution nor
// a hook before it; `--help` of a sub-command and the unknown-option check need the addressed
// command first. This follows citty's rule (the first positional argument, skipping the values of
// the command's string and enum options; `default` when none is given) so both agree.

/** Follows sub-command names in `args` to the command they address. */
export async function resolveTarget(command: CommandDef, args: string[], path: string[]): Promise<{ command: CommandDef; args: string[]; path: string[] }> {
  const subCommands = typeof command.subCommands === "function" ? await command.subCommands() : await command.subCommands;
  const next = subCommandIndex(args, await argsOf(command));
  const defaultName = typeof command.default === "function" ? await command.default() : await command.default;
  const name = next >= 0 ? args[next]! : undefined;
  const wantsHelp = asksForHelp(args);
  if (subCommands && name === undefined && defaultName && subCommands[defaultName] && !wantsHelp) {
    return resolveTarget(await resolveSub(subCommands[defaultName]), args, [...path, defaultName]);
  }
  if (!subCommands || name === undefined) return { command, args, path };
  const sub = subCommands[name];
  if (!sub) {
    throw new PivotError("USAGE", `Unknown command \`pivot ${[...path, name].join(" ")}\``, {
      hint: didYouMean(name, Object.keys(subCommands)) ?? `Run \`pivot ${path.join(" ")} --help\` to see its commands.`,
      exitCode: 2,
    });
  }
  return resolveTarget(await resolveSub(sub), args.slice(next + 1), [...path, name]);
}

/**
 * Index of the first positional argument, skipping the values of the command's own string options
 * (as citty does), so `pivot history --limit 5` reaches the default sub-command with `--limit 5`.
 */
export function subCommandIndex(args: readonly string[], argsDef: Record<string, { type?: string; alias?: string | string[] }>): number {
  const takesValue = (flag: string) =>
    Object.entries(argsDef).some(([name, def]) => {
      if (def.type !== "string" && def.type !== "enum") return false;
      const aliases = Array.isArray(def.alias) ? def.alias : def.alias ? [def.alias] : [];
      return flag === `--${name}` || aliases.some((alias) => flag === (alias.length === 1 ? `-${alias}` : `--${alias}`));
    });
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") return -1;
    if (!arg.startsWith("-")) return i;
    if (!arg.includes("=") && takesValue(arg)) i++;
  }
  return -1;
}

/** `--help` or `-h` before any `--` (after it, arguments are values). */
export function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  const options = end === -1 ? args : args.slice(0, end);
  return options.includes("--help") || options.includes("-h");
}

async function resolveSub(sub: unknown): Promise<CommandDef> {
  return (typeof sub === "function" ? await (sub as () => Promise<CommandDef>)() : await sub) as CommandDef;
}

export async function argsOf(command: CommandDef) {
  return (typeof command.args === "function" ? await command.args() : await command.args) ?? {};
}
