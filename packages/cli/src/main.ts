import type { CommandDef } from "citty";
import {
  PivotError,
  PluginRegistry,
  type RegisteredCommand,
  callPlugin,
  didYouMean,
  error as printError,
  explainFileSystemError,
  findProjectRoot,
  loadConfig,
  loadThirdPartyPlugins,
  print,
  setColorEnabled,
  setHostContext,
  setOutputLevel,
  writeStderr,
} from "@pivot/core/host";
import { builtinPlugins } from "./builtin-plugins";
import { checkOptions } from "./check-options";
import { parseGlobalOptions } from "./global-options";
import { VERSION, renderMainHelp } from "./help";

/**
 * A config file that does not load stops only the commands that need it (they load it and report
 * it); `pivot doctor` and `pivot config` still run, so the user can diagnose and repair it.
 */
let configError: PivotError | undefined;

/** citty decides on colours when it loads; make it follow ours without leaking NO_COLOR to stages. */
async function importCitty(color: boolean): Promise<typeof import("citty")> {
  const before = process.env.NO_COLOR;
  if (!color) process.env.NO_COLOR = "1";
  try {
    return await import("citty");
  } finally {
    if (before === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = before;
  }
}

async function buildRegistry(): Promise<PluginRegistry> {
  const registry = new PluginRegistry();
  for (const plugin of builtinPlugins) registry.register(plugin, plugin.name, { builtin: true });
  const projectRoot = findProjectRoot();
  if (projectRoot) {
    let plugins: string[] = [];
    try {
      plugins = loadConfig(projectRoot).plugins;
    } catch (error) {
      if (!(error instanceof PivotError) || !error.code.startsWith("CONFIG_")) throw error;
      configError = error;
    }
    await loadThirdPartyPlugins(registry, plugins, projectRoot);
    await registry.setupAll({ projectRoot });
  }
  return registry;
}

async function loadCommand(entry: RegisteredCommand): Promise<CommandDef> {
  const command = await callPlugin(entry.plugin, `command '${entry.name}'`, async () =>
    typeof entry.load === "function" ? await (entry.load as () => Promise<CommandDef>)() : entry.load,
  );
  if (!command || typeof command !== "object") {
    throw new PivotError("PLUGIN_INVALID", `Plugin ${entry.plugin}: command '${entry.name}' did not load a command definition`, {
      hint: "`load` must return a citty command (defineCommand({...})).",
    });
  }
  return command;
}

/** Follows sub-command names in `args` to the command they address. */
async function resolveTarget(command: CommandDef, args: string[], path: string[]): Promise<{ command: CommandDef; args: string[]; path: string[] }> {
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
function subCommandIndex(args: readonly string[], argsDef: Record<string, { type?: string; alias?: string | string[] }>): number {
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
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  const options = end === -1 ? args : args.slice(0, end);
  return options.includes("--help") || options.includes("-h");
}

async function resolveSub(sub: unknown): Promise<CommandDef> {
  return (typeof sub === "function" ? await (sub as () => Promise<CommandDef>)() : await sub) as CommandDef;
}

async function argsOf(command: CommandDef) {
  return (typeof command.args === "function" ? await command.args() : await command.args) ?? {};
}

/** Runs the pivot CLI with `argv` (without the executable). Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const { globals, rest, version } = parseGlobalOptions(argv);
  setColorEnabled(globals.color);
  setOutputLevel(globals.verbose ? "verbose" : globals.quiet ? "quiet" : "normal");
  try {
    if (version) {
      print(VERSION);
      return 0;
    }
    const registry = await buildRegistry();
    setHostContext({ registry, globals, argv });
    const [name, ...commandArgs] = rest;
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      print(renderMainHelp(registry.commands()));
      return 0;
    }
    const entry = registry.command(name);
    // The command may come from a plugin the unreadable config names: report the config first.
    if (!entry && configError) throw configError;
    if (!entry) {
      throw new PivotError("USAGE", `Unknown command '${name}'`, {
        hint: didYouMean(name, registry.commands().filter((c) => !c.hidden).map((c) => c.name)) ?? "Run `pivot --help` to see the commands.",
        exitCode: 2,
      });
    }
    const { renderUsage, runCommand } = await importCitty(globals.color);
    const command = await loadCommand(entry);
    const target = await resolveTarget(command, commandArgs, [name]);
    if (asksForHelp(commandArgs)) {
      const usage = await renderUsage(target.command, { meta: { name: ["pivot", ...target.path.slice(0, -1)].join(" ") } });
      // Options are typed as they are written on the command line: --dry-run, not --dryRun; -all → --all.
      print(usage.replace(/--([a-z]+(?:[A-Z][a-z]+)+)/g, (_, name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).replace(/(^|[\s,])-([a-z]{2,})\b/g, "$1--$2"));
      // A command may add text after its options (setup steps, examples) as `helpNotes`.
      const notes = (target.command as { helpNotes?: unknown }).helpNotes;
      if (typeof notes === "string") print(`\n${notes}`);
      return 0;
    }
    checkOptions(target.path.join(" "), await argsOf(target.command), target.args);
    process.exitCode = 0;
    await runCommand(command, { rawArgs: commandArgs });
    return Number(process.exitCode ?? 0);
  } catch (caught) {
    return reportError(caught, globals.verbose);
  }
}

function reportError(thrown: unknown, verbose: boolean): number {
  const caught = explainFileSystemError(thrown);
  if (caught instanceof PivotError) {
    const prefix = caught.plugin && !caught.message.includes(caught.plugin) ? `[${caught.plugin}] ` : "";
    printError(`${prefix}${caught.message}`, caught.hint);
    if (verbose && caught.stack) writeStderr(`${caught.stack}\n`);
    return caught.exitCode;
  }
  if (caught instanceof Error && caught.name === "CLIError") {
    // citty's own argument errors (missing positional, unknown sub-command).
    printError(caught.message, "Run the command with --help to see its usage.");
    return 2;
  }
  const message = caught instanceof Error ? caught.message : String(caught);
  printError(`Unexpected error: ${message}`, verbose ? undefined : "Run again with --verbose for details, and report it if it persists.");
  if (verbose && caught instanceof Error && caught.stack) writeStderr(`${caught.stack}\n`);
  return 1;
}
