import type { ArgsDef, CommandDef } from "citty";
import type { DiscoveryPlugin } from "./discovery-plugin";
import type { ExecutorPlugin } from "./executor-plugin";
import type { RemoteBackend } from "./remote-backend";
import type { StateBackend } from "./state-backend";
import type { WatcherBackend } from "./watcher-backend";

// biome-ignore lint/suspicious/noExplicitAny: commands carry their own argument types.
export type AnyCommand = CommandDef<any>;

/** A command, or a function importing it on first use (keeps `pivot --help` fast). */
export type LazyCommand = AnyCommand | (() => Promise<AnyCommand>);

export interface CommandEntry {
  /** One line for `pivot --help`, shown without loading the command module. */
  description: string;
  /** Section in `pivot --help`. */
  group?: "pipeline" | "data" | "inspect" | "project";
  /** Left out of `pivot --help` and shell completion (commands for tools, such as `__complete`). */
  hidden?: boolean;
  load: LazyCommand;
}

/**
 * What shell completion offers as the value of a command argument: stage names (of the current
 * pipeline, or of every pipeline when the line has `--all`), stage names and then paths, remote
 * names, config keys, paths, or a fixed list of values. Without one, positional arguments complete
 * paths and options nothing (an enum option: its `options`).
 */
export type ArgCompletion = "stages" | "stages-or-files" | "remotes" | "config-keys" | "files" | readonly string[];

/**
 * Spread into a citty argument to say what its value completes to:
 * `{ type: "positional", description: "…", ...completes("stages") }`. It adds a `complete` field
 * that citty ignores; its type adds nothing, so citty's argument types accept it.
 */
export function completes(what: ArgCompletion): Record<never, never> {
  return { complete: what };
}

export interface PluginContext {
  /** Absolute project root, when the CLI runs inside a project. */
  projectRoot?: string;
}

/** What a plugin package default-exports. */
export interface PivotPlugin {
  name: string;
  version: string;
  /**
   * The plugin API range the plugin is written for (`"^1.0.0"`); pivot refuses to load it when its
   * own plugin API version (PLUGIN_API_VERSION) is outside the range.
   */
  api: string;
  /**
   * What the plugin provides in place of a plugin loaded before it (`"remote:s3"`, `"executor:cmd"`,
   * `"command:status"`, `"discovery:yaml"`, `"state"`, `"watcher"`). Providing something another
   * plugin already provides without listing it here is an error.
   */
  replaces?: string[];
  commands?: Record<string, CommandEntry>;
  discovery?: DiscoveryPlugin[];
  remotes?: RemoteBackend[];
  state?: StateBackend;
  executors?: ExecutorPlugin[];
  /** How `repro --watch` watches files (the last plugin registering one wins). */
  watcher?: WatcherBackend;
  /** Runs once after the plugin is loaded, in load order. */
  setup?(ctx: PluginContext): void | Promise<void>;
}

/**
 * Identity helper that types a command (a citty command definition: `meta`, `args`, `run`,
 * `subCommands`). Use it instead of citty's own so the plugin runs on the citty pivot ships.
 */
export function defineCommand<const T extends ArgsDef = ArgsDef>(command: CommandDef<T>): CommandDef<T> {
  return command;
}

/** Identity helper that types a plugin object. */
export function definePlugin<const T extends PivotPlugin>(plugin: T): T {
  return plugin;
}
