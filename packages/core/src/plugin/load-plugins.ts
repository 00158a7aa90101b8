import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { PivotError, errorMessage } from "../errors/pivot-error";
import type { PluginRegistry } from "./plugin-registry";

/** True when a `plugins:` entry names a file rather than a package. */
function isPathSpec(spec: string): boolean {
  return spec.startsWith("./") || spec.startsWith("../") || isAbsolute(spec);
}

/**
 * Resolves a `plugins:` entry: a relative path (from the project root) to a plugin file, or a
 * package name looked up in the project's node_modules.
 */
export function resolvePluginSpec(spec: string, projectRoot: string): string {
  if (isPathSpec(spec)) {
    const file = resolve(projectRoot, spec);
    if (!existsSync(file)) {
      throw new PivotError("PLUGIN_NOT_FOUND", `Plugin '${spec}' not found: no file ${file}`, {
        hint: "Fix the path in `plugins:` of .pivot/config.yaml (paths are relative to the project root).",
      });
    }
    return file;
  }
  try {
    return Bun.resolveSync(spec, projectRoot);
  } catch {
    throw new PivotError("PLUGIN_NOT_FOUND", `Plugin '${spec}' not found in ${projectRoot}/node_modules`, {
      hint: `Install it (\`bun add ${spec}\`) or remove it from \`plugins:\` in .pivot/config.yaml.`,
    });
  }
}

/** Imports and registers the third-party plugins named in config, in order. */
export async function loadThirdPartyPlugins(registry: PluginRegistry, specs: readonly string[], projectRoot: string): Promise<void> {
  for (const spec of specs) {
    const file = resolvePluginSpec(spec, projectRoot);
    let module: unknown;
    try {
      module = await import(file);
    } catch (error) {
      throw new PivotError("PLUGIN_FAILED", `Plugin '${spec}' failed to load: ${errorMessage(error)}`, {
        hint: `Fix the plugin or remove '${spec}' from \`plugins:\` in .pivot/config.yaml.`,
        cause: error,
      });
    }
    registry.register(module, `'${spec}'`, { source: file === spec ? spec : `${spec} (${file})` });
  }
}
