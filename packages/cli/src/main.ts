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
import { renderUsage } from "./render-usage";
import { argsOf, asksForHelp, resolveTarget } from "./resolve-command";

/**
 * A config file that does not load stops only the commands that need it (they load it and report
 * it); `pivot doctor` and `pivot config` still run, so the user can diagnose and repair it.
 */
let configError: PivotError | undefined;

/** citty decides on colours when it loads (its error messages use them); make it follow ours without leaking NO_COLOR to stages. */
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
    const command = await loadCommand(entry);
    const target = await resolveTarget(command, commandArgs, [name]);
    if (asksForHelp(commandArgs)) {
      print(await renderUsage(target.command, ["pivot", ...target.path]));
      return 0;
    }
    checkOptions(target.path.join(" "), await argsOf(target.command), target.args);
    const { runCommand } = await importCitty(globals.color);
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
