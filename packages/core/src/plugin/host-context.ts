import { PivotError } from "../errors/pivot-error";
import type { PluginRegistry } from "./plugin-registry";

/** Options every command honours, parsed once by the CLI host. */
export interface GlobalOptions {
  verbose: boolean;
  quiet: boolean;
  color: boolean;
}

export interface HostContext {
  registry: PluginRegistry;
  globals: GlobalOptions;
  /** The command line as typed, for run history. */
  argv: string[];
}

/**
 * Held on `globalThis` under a `Symbol.for` key rather than in this module: a plugin or pipeline
 * that imports another copy of @pivot/core (a different version installed beside the CLI's) still
 * sees the CLI's registry instead of an empty one.
 */
const HOST_CONTEXT: unique symbol = Symbol.for("pivot.host-context");
const slot = globalThis as { [HOST_CONTEXT]?: HostContext };

/** Called once by the CLI host after plugins are loaded. */
export function setHostContext(context: HostContext): void {
  slot[HOST_CONTEXT] = context;
}

/** The registry and global options of the running CLI. */
export function hostContext(): HostContext {
  const current = slot[HOST_CONTEXT];
  if (!current) {
    throw new PivotError("INTERNAL", "pivot commands must run inside the pivot CLI host", {
      hint: "Run them through `pivot <command>`.",
    });
  }
  return current;
}
