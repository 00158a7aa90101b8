import { PivotError } from "../errors/pivot-error";

/**
 * The version of the plugin API this pivot implements (docs/plugins.md, "Versioning"). Its major
 * number changes when a documented name is removed or changes meaning; its minor number when one
 * is added. A plugin declares the range it was written for (`api: "^1.0.0"`).
 */
export const PLUGIN_API_VERSION = "1.1.0";

/** Refuses a plugin whose `api` range is missing, malformed, or does not include this pivot's API. */
export function checkPluginApi(plugin: { name: string; api?: unknown }): void {
  const range = plugin.api;
  const fix = `Declare the plugin API range it supports, e.g. \`api: "^${PLUGIN_API_VERSION.split(".")[0]}.0.0"\` in definePlugin({...}).`;
  if (range === undefined) {
    throw new PivotError("PLUGIN_INVALID", `Plugin ${plugin.name} declares no plugin API range (\`api\`)`, { hint: fix });
  }
  if (typeof range !== "string" || !isRange(range)) {
    throw new PivotError("PLUGIN_INVALID", `Plugin ${plugin.name} has an invalid plugin API range ${JSON.stringify(range)}`, { hint: fix });
  }
  if (!Bun.semver.satisfies(PLUGIN_API_VERSION, range)) {
    throw new PivotError("PLUGIN_INVALID", `Plugin ${plugin.name} supports plugin API ${range}, but this pivot provides plugin API ${PLUGIN_API_VERSION}`, {
      hint: `Install a version of ${plugin.name} made for plugin API ${PLUGIN_API_VERSION}, or a pivot whose plugin API is in ${range}; \`pivot plugins\` lists what is loaded.`,
    });
  }
}

/**
 * A semver range as written in package.json (`^1.0.0`, `~1.2`, `1.x`, `>=1.0.0 <3`, `1.0.0 || 2.x`).
 * Checked here because Bun treats any unparsable text as "every version".
 */
function isRange(range: string): boolean {
  const part = /^(?:[~^]|[<>]=?|=)?v?(?:\d+|[xX*])(?:\.(?:\d+|[xX*])){0,2}(?:-[0-9A-Za-z.-]+)?$/;
  return range.split("||").every((alternative) => {
    const words = alternative.trim().split(/\s+/);
    return words.length > 0 && words.every((word) => part.test(word) || word === "-");
  });
}
