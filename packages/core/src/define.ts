// The light entry of @pivot/core for plugin entry points: defining a plugin must not load the
// engine, so `pivot --help` stays fast. Implementations are loaded on first use.
import type { DiscoveryContext, DiscoveryPlugin } from "./plugin/discovery-plugin";
import type { ExecutorPlugin } from "./plugin/executor-plugin";

export { completes, definePlugin } from "./plugin/pivot-plugin";
export type * from "./plugin/pivot-plugin";
export type * from "./plugin/discovery-plugin";
export type * from "./plugin/executor-plugin";
export type * from "./plugin/remote-backend";
export type * from "./plugin/state-backend";

/**
 * An executor whose implementation module is imported when a stage of its kind first needs it.
 * `spec` is the body kind, or `{ kind, name, defaultJobs }` for an executor that runs elsewhere.
 */
export function lazyExecutor(spec: string | Pick<ExecutorPlugin, "kind" | "name" | "defaultJobs">, load: () => Promise<ExecutorPlugin>): ExecutorPlugin {
  let loaded: Promise<ExecutorPlugin> | undefined;
  const impl = () => (loaded ??= load());
  const meta = typeof spec === "string" ? { kind: spec } : spec;
  return {
    ...meta,
    cancelAll: async () => {
      if (loaded) await (await loaded).cancelAll?.();
    },
    preflight: async (ctx) => {
      const executor = await impl();
      return executor.preflight ? executor.preflight(ctx) : [];
    },
    execute: async (stage, options) => (await impl()).execute(stage, options),
    fingerprint: async (stage, ctx) => {
      const executor = await impl();
      return executor.fingerprint ? executor.fingerprint(stage, ctx) : undefined!;
    },
    sourceFiles: async (stage, ctx) => {
      const executor = await impl();
      return executor.sourceFiles ? executor.sourceFiles(stage, ctx) : [];
    },
    dispose: async () => {
      if (loaded) await (await loaded).dispose?.();
    },
  };
}

/**
 * A discovery plugin whose parser module is imported when a pipeline file is first loaded. List
 * `setFrozen: true` in `spec` when the loaded plugin implements it.
 */
export function lazyDiscovery(
  spec: Omit<DiscoveryPlugin, "load" | "setFrozen"> & { setFrozen?: boolean },
  load: () => Promise<DiscoveryPlugin>,
): DiscoveryPlugin {
  let loaded: Promise<DiscoveryPlugin> | undefined;
  const impl = () => (loaded ??= load());
  const { setFrozen, ...meta } = spec;
  return {
    ...meta,
    load: async (file: string, ctx: DiscoveryContext) => (await impl()).load(file, ctx),
    ...(setFrozen ? { setFrozen: async (file: string, name: string, frozen: boolean) => (await impl()).setFrozen!(file, name, frozen) } : {}),
  };
}
