import { didYouMean } from "../errors/did-you-mean";
import { PivotError } from "../errors/pivot-error";
import type { DiscoveryPlugin } from "./discovery-plugin";
import { checkPluginApi } from "./plugin-api-version";
import type { ExecutorPlugin } from "./executor-plugin";
import type { CommandEntry, PivotPlugin, PluginContext } from "./pivot-plugin";
import type { RemoteBackend } from "./remote-backend";
import type { StateBackend } from "./state-backend";
import { type NestedRoles, callPlugin, tagPluginCalls } from "./tag-plugin-calls";
import type { WatcherBackend } from "./watcher-backend";

export { callPlugin } from "./tag-plugin-calls";

export interface RegisteredCommand extends CommandEntry {
  name: string;
  plugin: string;
}

/**
 * One thing a plugin contributes, by the key `replaces` uses: `command:<name>`,
 * `remote:<scheme>`, `executor:<kind>`, `discovery:<name>`, `state`, `watcher`.
 */
export interface Provision {
  key: string;
  plugin: string;
  /** Plugins whose provision of the same key this one replaced (declared in its `replaces`). */
  replaced: string[];
}

/** A loaded plugin, for `pivot plugins` and `pivot doctor`. */
export interface LoadedPlugin {
  name: string;
  version: string;
  api: string;
  /** Where it came from: `built-in`, or the `plugins:` entry of the config and the file it resolved to. */
  origin: string;
  builtin: boolean;
  /** What it provides that is in effect, and what a later plugin replaced. */
  provides: string[];
  replacedBy: Array<{ key: string; plugin: string }>;
}

export interface RegisterOptions {
  /** A plugin shipped with pivot: its calls are pivot's own, not tagged as a plugin's. */
  builtin?: boolean;
  /** Where a third-party plugin was loaded from, for `pivot plugins` (its `plugins:` entry and file). */
  source?: string;
}

interface Provided<T> {
  value: T;
  plugin: string;
}

/**
 * Everything the loaded plugins contribute. Built-in plugins are registered first, third-party
 * ones after them, in config order. Two plugins providing the same thing (a command, a remote
 * scheme, an executor kind, a pipeline format, the state backend, the watcher) is an error unless
 * the later one lists it in `replaces`: nothing is replaced silently. Calls into a third-party
 * plugin's remotes, executors, state backend and watcher are tagged with its name and the hook.
 */
export class PluginRegistry {
  readonly plugins: PivotPlugin[] = [];
  readonly #loaded: LoadedPlugin[] = [];
  readonly #provided = new Map<string, Provided<unknown> & { replaced: string[] }>();
  readonly #builtin = new Set<string>();

  /** Adds a plugin after checking its shape and API range; `origin` names where it came from for errors. */
  register(candidate: unknown, origin: string, options: RegisterOptions = {}): PivotPlugin {
    const plugin = assertPluginShape(candidate, origin);
    checkPluginApi(plugin);
    if (this.plugins.some((p) => p.name === plugin.name)) {
      throw new PivotError("PLUGIN_INVALID", `Plugin ${plugin.name} is loaded twice (again from ${origin})`, {
        hint: "List each plugin once in `plugins:` of .pivot/config.yaml (built-in plugins are always loaded).",
      });
    }
    const offers: Array<[string, unknown]> = [
      ...Object.entries(plugin.commands ?? {}).map(([name, entry]): [string, unknown] => [`command:${name}`, { ...entry, name, plugin: plugin.name }]),
      ...(plugin.remotes ?? []).map((backend): [string, unknown] => [`remote:${backend.scheme}`, backend]),
      ...(plugin.executors ?? []).map((executor): [string, unknown] => [executorKey(executor.kind, executor.name ?? LOCAL), executor]),
      ...(plugin.discovery ?? []).map((discovery): [string, unknown] => [`discovery:${discovery.name}`, discovery]),
      ...(plugin.state ? [["state", plugin.state] as [string, unknown]] : []),
      ...(plugin.watcher ? [["watcher", plugin.watcher] as [string, unknown]] : []),
    ];
    const replaces = new Set(plugin.replaces ?? []);
    for (const key of replaces) {
      if (this.#provided.has(key)) continue;
      throw new PivotError("PLUGIN_INVALID", `Plugin ${plugin.name} replaces '${key}', which no plugin loaded before it provides`, {
        hint: didYouMean(key, [...this.#provided.keys()]) ?? "Remove it from `replaces`, or load the plugin that provides it first.",
      });
    }
    for (const [key] of offers) {
      const existing = this.#provided.get(key);
      if (existing && !replaces.has(key)) {
        throw new PivotError("PLUGIN_INVALID", `Plugin ${plugin.name} provides ${describeKey(key)}, already provided by ${existing.plugin}`, {
          hint: `Remove one of the two plugins from .pivot/config.yaml, or add \`replaces: ["${key}"]\` to ${plugin.name} to replace it on purpose.`,
        });
      }
    }
    for (const key of replaces) {
      if (!offers.some(([offered]) => offered === key)) {
        throw new PivotError("PLUGIN_INVALID", `Plugin ${plugin.name} replaces '${key}' but does not provide it itself`, {
          hint: "`replaces` lists only what the plugin itself provides instead of an earlier plugin.",
        });
      }
    }
    for (const [key, value] of offers) {
      const existing = this.#provided.get(key);
      if (existing) this.#loaded.find((p) => p.name === existing.plugin)?.replacedBy.push({ key, plugin: plugin.name });
      this.#provided.set(key, { value, plugin: plugin.name, replaced: existing ? [...existing.replaced, existing.plugin] : [] });
    }
    if (options.builtin) this.#builtin.add(plugin.name);
    this.plugins.push(plugin);
    this.#loaded.push({
      name: plugin.name,
      version: plugin.version,
      api: plugin.api,
      origin: options.builtin ? "built-in" : (options.source ?? origin),
      builtin: options.builtin === true,
      provides: offers.map(([key]) => key),
      replacedBy: [],
    });
    return plugin;
  }

  /** Runs every plugin's `setup` in registration order, tagging failures with the plugin name. */
  async setupAll(ctx: PluginContext): Promise<void> {
    for (const plugin of this.plugins) {
      if (plugin.setup) await callPlugin(plugin.name, "setup", () => plugin.setup!(ctx));
    }
  }

  /** The loaded plugins in load order, with what each provides. */
  loadedPlugins(): LoadedPlugin[] {
    return this.#loaded.map((p) => ({ ...p, provides: p.provides.filter((key) => this.#provided.get(key)?.plugin === p.name) }));
  }

  /** Who provides each key now, and whom it replaced. */
  provisions(): Provision[] {
    return [...this.#provided.entries()].map(([key, { plugin, replaced }]) => ({ key, plugin, replaced }));
  }

  commands(): RegisteredCommand[] {
    return this.#all<RegisteredCommand>("command:").map((p) => p.value);
  }

  command(name: string): RegisteredCommand | undefined {
    return this.#get<RegisteredCommand>(`command:${name}`)?.value;
  }

  discoveryPlugins(): DiscoveryPlugin[] {
    return this.#all<DiscoveryPlugin>("discovery:").map(({ value, plugin }) => wrapDiscovery(value, plugin));
  }

  remoteBackend(scheme: string): RemoteBackend | undefined {
    const found = this.#get<RemoteBackend>(`remote:${scheme}`);
    return found && this.#tag(found, "remote backend", { create: "remote" });
  }

  remoteSchemes(): string[] {
    return this.#all<RemoteBackend>("remote:").map((p) => p.value.scheme).sort();
  }

  /** The executor running `kind` bodies at `name` (default: the local one). */
  executor(kind: string, name = LOCAL): ExecutorPlugin | undefined {
    const found = this.#get<ExecutorPlugin>(executorKey(kind, name));
    return found && this.#tag(found, `executor '${name === LOCAL ? kind : `${kind}@${name}`}'`);
  }

  /** Every executor name a plugin registered (`local`, `slurm`, …), sorted. */
  executorNames(): string[] {
    return [...new Set(this.#all<ExecutorPlugin>("executor:").map(({ value }) => value.name ?? LOCAL))].sort();
  }

  /** Every registered executor with its plugin, for `pivot doctor` (calls tagged as `executor()` tags them). */
  executors(): Array<{ executor: ExecutorPlugin; plugin: string }> {
    return this.#all<ExecutorPlugin>("executor:").map((found) => ({
      executor: this.#tag(found, `executor '${found.value.name ?? LOCAL}'`),
      plugin: found.plugin,
    }));
  }

  /** The file watcher for `repro --watch`; throws when no plugin provides one. */
  watcherBackend(): WatcherBackend {
    const found = this.#get<WatcherBackend>("watcher");
    if (!found) {
      throw new PivotError("PLUGIN_INVALID", "No file watcher plugin is loaded, so `repro --watch` cannot run", {
        hint: "The built-in @pivot/plugin-watch should be present; reinstall pivot.",
      });
    }
    return this.#tag(found, "watcher", { watch: "watcher" });
  }

  stateBackend(): StateBackend {
    const found = this.#get<StateBackend>("state");
    if (!found) {
      throw new PivotError("PLUGIN_INVALID", "No state backend plugin is loaded", {
        hint: "The built-in @pivot/plugin-state-sqlite should be present; reinstall pivot.",
      });
    }
    return this.#tag(found, "state backend", { open: "state store" });
  }

  #get<T>(key: string): Provided<T> | undefined {
    return this.#provided.get(key) as Provided<T> | undefined;
  }

  #all<T>(prefix: string): Array<Provided<T>> {
    return [...this.#provided.entries()].filter(([key]) => key.startsWith(prefix)).map(([, p]) => p as Provided<T>);
  }

  /** A third-party plugin's object with its calls tagged; a built-in one as it is. */
  #tag<T extends object>({ value, plugin }: Provided<T>, role: string, nested?: NestedRoles): T {
    return this.#builtin.has(plugin) ? value : tagPluginCalls(value, plugin, role, nested);
  }
}

const LOCAL = "local";

/** `executor:cmd` for the local executor of a kind; `executor:cmd@slurm` for another one. */
function executorKey(kind: string, name: string): string {
  return name === LOCAL ? `executor:${kind}` : `executor:${kind}@${name}`;
}

/** `remote:s3` → "remote scheme 's3'", for messages. */
function describeKey(key: string): string {
  const [kind, name] = key.split(/:(.*)/s);
  const what: Record<string, string> = { command: "command", remote: "remote scheme", executor: "executor for stage kind", discovery: "pipeline format" };
  return name === undefined ? `the ${kind === "state" ? "state backend" : "file watcher"}` : `${what[kind!] ?? kind} '${name}'`;
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
          : plugin.replaces !== undefined && (!Array.isArray(plugin.replaces) || plugin.replaces.some((key) => typeof key !== "string"))
            ? "has a `replaces` that is not a list of strings"
            : undefined;
  if (problem) {
    throw new PivotError("PLUGIN_INVALID", `Plugin ${origin} ${problem}`, {
      hint: "A plugin module must default-export definePlugin({ name, version, api, … }) from @pivot/core/plugin.",
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

function wrapDiscovery(discovery: DiscoveryPlugin, plugin: string): DiscoveryPlugin {
  return {
    ...discovery,
    load: (file, ctx) => callPlugin(plugin, `load(${file})`, () => discovery.load(file, ctx)),
    ...(discovery.setFrozen ? { setFrozen: (file: string, name: string, frozen: boolean) => callPlugin(plugin, `setFrozen(${file})`, () => discovery.setFrozen!(file, name, frozen)) } : {}),
  };
}
