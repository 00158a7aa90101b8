import type { CommandDef } from "citty";
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
  load: LazyCommand;
}

export interface PluginContext {
  /** Absolute project root, when the CLI runs inside a project. */
  projectRoot?: string;
}

/** What a plugin package default-exports. */
export interface PivotPlugin {
  name: string;
  version: string;
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

/** Identity helper that types a plugin object. */
export function definePlugin<const T extends PivotPlugin>(plugin: T): T {
  return plugin;
}
