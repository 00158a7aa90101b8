import { PLUGIN_API_VERSION, type PluginRegistry } from "@pivot/core/internal";
import { type DoctorCheck, ok, warning } from "./doctor-check";

/**
 * One line for the plugins: how many, the plugin API, each third-party plugin with what it
 * provides, and a warning for each built-in provision a third-party plugin replaced (`replaces`).
 */
export function checkPlugins(registry: PluginRegistry): DoctorCheck[] {
  const plugins = registry.loadedPlugins();
  const thirdParty = plugins.filter((p) => !p.builtin);
  const listed = thirdParty.map((p) => `${p.name} ${p.version} (${p.provides.join(", ") || "nothing"})`);
  const checks = [ok("plugins", `plugin API ${PLUGIN_API_VERSION}; ${plugins.length - thirdParty.length} built-in${listed.length ? `; ${listed.join("; ")}` : ""}`)];
  for (const builtin of plugins.filter((p) => p.builtin)) {
    for (const { key, plugin } of builtin.replacedBy) {
      checks.push(
        warning(`plugin ${plugin}`, `replaces ${key} of ${builtin.name}`, `Intended if ${plugin} is meant to take over ${key}; otherwise remove it from \`plugins:\` in .pivot/config.yaml.`),
      );
    }
  }
  return checks;
}
