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

let current: HostContext | undefined;

/** Called once by the CLI host after plugins are loaded. */
export function setHostContext(context: HostContext): void {
  current = context;
}

/** The registry and global options of the running CLI. */
export function hostContext(): HostContext {
  if (!current) {
    throw new PivotError("INTERNAL", "pivot commands must run inside the pivot CLI host", {
      hint: "Run them through `pivot <command>`.",
    });
  }
  return current;
}
