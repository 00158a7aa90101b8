import { PivotError, errorMessage } from "../errors/pivot-error";
import type { DiscoveryPlugin } from "./discovery-plugin";
import type { ExecutorPlugin } from "./executor-plugin";
import type { CommandEntry, PivotPlugin, PluginContext } from "./pivot-plugin";
import type { RemoteBackend } from "./remote-backend";
import type { StateBackend } from "./state-backend";
import type { WatcherBackend } from "./watcher-backend";

export interface RegisteredCommand extends CommandEntry {
  name: string;
  plugin: string;
}

/**
 * Everything the loaded plugins contribute. Built-in plugins are registered first, third-party
 * ones after them; a later plugin may add commands, remotes and executors but not silently
 * replace a command another plugin registered.
 */
export class PluginRegistry {
  readonly plugins: PivotPlugin[] = [];
  readonly #commands = new Map<string, RegisteredCommand>();
  readonly #remotes = new Map<string, { backend: RemoteBackend; plugin: string }>();
  readonly #executors = new Map<string, { executor: ExecutorPlugin; plugin: string }>();
  readonly #discovery: Array<{ discovery: DiscoveryPlugin; plugin: string }> = [];
  #state?: { backend: StateBackend; plugin: string };
  #watcher?: { backend: WatcherBackend; plugin: string };

  /** Adds a plugin after checking its shape; `origin` names where it came from for errors. */
  register(candidate: unknown, origin: string): PivotPlugin {
    const plugin = assertPluginShape(candidate, origin);
    for (const [name, entry] of Object.entries(plugin.commands ?? {})) {
      const existing = this.#commands.get(name);
      if (existing) {
        throw new PivotError("PLUGIN_INVALID", `Plugin ${plugin.name} registers command '${name}', already registered by ${existing.plugin}`, {
          hint: `Remove one of the two plugins from .pivot/config.yaml, or rename the command in ${plugin.name}.`,
        });
      }
      this.#commands.set(name, { ...entry, name, plugin: plugin.name });
    }
    for (const backend of plugin.remotes ?? []) this.#remotes.set(backend.scheme, { backend, plugin: plugin.name });
    for (const executor of plugin.executors ?? []) this.#executors.set(executorKey(executor.kind, executor.name), { executor, plugin: plugin.name });
    for (const discovery of plugin.discovery ?? []) this.#discovery.push({ discovery, plugin: plugin.name });
    if (plugin.state) this.#state = { backend: plugin.state, plugin: plugin.name };
    if (plugin.watcher) this.#watcher = { backend: plugin.watcher, plugin: plugin.name };
    this.plugins.push(plugin);
    return plugin;
  }

  /** Runs every plugin's `setup` in registration order, tagging failures with the plugin name. */
  async setupAll(ctx: PluginContext): Promise<void> {
    for (const plugin of this.plugins) {
      if (plugin.setup) await callPlugin(plugin.name, "setup", () => plugin.setup!(ctx));
    }
  }

  commands(): RegisteredCommand[] {
    return [...this.#commands.values()];
  }

  command(name: string): RegisteredCommand | undefined {
    return this.#commands.get(name);
  }

  discoveryPlugins(): DiscoveryPlugin[] {
    return this.#discovery.map(({ discovery, plugin }) => wrapDiscovery(discovery, plugin));
  }

  remoteBackend(scheme: string): RemoteBackend | undefined {
    return this.#remotes.get(scheme)?.backend;
  }

  remoteSchemes(): string[] {
    return [...this.#remotes.keys()].sort();
  }

  /** The executor running `kind` bodies at `name` (default: the local one). */
  executor(kind: string, name = "local"): ExecutorPlugin | undefined {
    return this.#executors.get(executorKey(kind, name))?.executor;
  }

  /** Every executor name a plugin registered (`local`, `slurm`, …), sorted. */
  executorNames(): string[] {
    return [...new Set([...this.#executors.values()].map(({ executor }) => executor.name ?? "local"))].sort();
  }

  /** Every registered executor, for `pivot doctor`. */
  executors(): Array<{ executor: ExecutorPlugin; plugin: string }> {
    return [...this.#executors.values()];
  }

  /** The file watcher for `repro --watch`; throws when no plugin provides one. */
  watcherBackend(): WatcherBackend {
    if (!this.#watcher) {
      throw new PivotError("PLUGIN_INVALID", "No file watcher plugin is loaded, so `repro --watch` cannot run", {
        hint: "The built-in @pivot/plugin-watch should be present; reinstall pivot.",
      });
    }
    return this.#watcher.backend;
  }

  stateBackend(): StateBackend {
    if (!this.#state) {
      throw new PivotError("PLUGIN_INVALID", "No state backend plugin is loaded", {
        hint: "The built-in @pivot/plugin-state-sqlite should be present; reinstall pivot.",
      });
    }
    return this.#state.backend;
  }
}

function executorKey(kind: string, name: string | undefined): string {
  return `${name ?? "local"}:${kind}`;
}

function assertPluginShape(candidate: unknown, origin: string): PivotPlugin {
  const value = (candidate as { default?: unknown } | null)?.default ?? candidate;
  const plugin = value as Partial<PivotPlugin> | null;
  const problem =
    plugin === null || typeof plugin !== "object"
      ? "does not export a plugin object (export default definePlugin({...}))"
      : typeof plugin.name !== "string" || plugin.name === ""
        ? "has no `name`"
        : typeof plugin.version !== "string"
          ? "has no `version`"
          : undefined;
  if (problem) {
    throw new PivotError("PLUGIN_INVALID", `Plugin ${origin} ${problem}`, {
      hint: "A plugin module must default-export definePlugin({ name, version, … }) from @pivot/core.",
    });
  }
  for (const [name, entry] of Object.entries(plugin!.commands ?? {})) {
    if (!entry || typeof entry !== "object" || typeof entry.description !== "string" || !entry.load) {
      throw new PivotError("PLUGIN_INVALID", `Plugin ${plugin!.name}: command '${name}' needs { description, load }`, {
        hint: "Register commands as commands: { name: { description: '…', load: () => import('./cmd').then((m) => m.default) } }.",
      });
    }
  }
  return plugin as PivotPlugin;
}

/** Calls into a plugin; an unexpected error is re-thrown as a PivotError naming the plugin and hook. */
export async function callPlugin<T>(plugin: string, hook: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof PivotError) {
      error.plugin ??= plugin;
      throw error;
    }
    throw new PivotError("PLUGIN_FAILED", `Plugin ${plugin} failed in ${hook}: ${errorMessage(error)}`, { cause: error });
  }
}

function wrapDiscovery(discovery: DiscoveryPlugin, plugin: string): DiscoveryPlugin {
  return {
    ...discovery,
    load: (file, ctx) => callPlugin(plugin, `load(${file})`, () => discovery.load(file, ctx)),
  };
}
