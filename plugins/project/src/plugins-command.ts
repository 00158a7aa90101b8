import { defineCommand } from "citty";
import { type LoadedPlugin, PLUGIN_API_VERSION, bold, cyan, dim, hostContext, print, printJson, yellow } from "@pivot/core/host";

/** One line per plugin, then what it provides and what a later plugin replaced. */
function renderPlugins(plugins: readonly LoadedPlugin[]): string[] {
  const width = Math.max(...plugins.map((p) => p.name.length));
  const lines = [`${bold("Plugin API")} ${PLUGIN_API_VERSION}`, ""];
  for (const plugin of plugins) {
    lines.push(`${cyan(plugin.name.padEnd(width))}  ${plugin.version.padEnd(8)} ${dim(`api ${plugin.api}`)}  ${plugin.builtin ? dim("built-in") : plugin.origin}`);
    if (plugin.provides.length > 0) lines.push(`  ${" ".repeat(width)}${dim("provides")} ${plugin.provides.join(", ")}`);
    for (const { key, plugin: by } of plugin.replacedBy) lines.push(`  ${" ".repeat(width)}${yellow(`${key} replaced by ${by}`)}`);
  }
  const thirdParty = plugins.filter((p) => !p.builtin).length;
  lines.push("", dim(`${plugins.length - thirdParty} built-in, ${thirdParty} from .pivot/config.yaml`));
  return lines;
}

export const pluginsCommand = defineCommand({
  meta: { name: "plugins", description: "List the loaded plugins, their versions and what each provides" },
  args: {
    json: { type: "boolean", description: "Print a JSON report: { api, plugins: [{ name, version, api, origin, builtin, provides, replacedBy }] }" },
  },
  run({ args }) {
    const plugins = hostContext().registry.loadedPlugins();
    if (args.json) printJson({ api: PLUGIN_API_VERSION, plugins });
    else print(renderPlugins(plugins).join("\n"));
  },
});
