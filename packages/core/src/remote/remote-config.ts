import { PivotError } from "../errors/pivot-error";
import type { PluginRegistry } from "../plugin/plugin-registry";
import { type ConfigScope, type PivotConfig, loadConfig } from "../project/config";
import { setConfigValue, unsetConfigValue } from "../project/config-edit";
import { parseRemoteUrl } from "./open-remote";
import { redactUrl } from "./remote-errors";

const REMOTE_NAME = /^[A-Za-z0-9_-]+$/;

export interface RemoteListing {
  name: string;
  url: string;
  isDefault: boolean;
  settings: Record<string, unknown>;
}

function checkName(name: string): void {
  if (!REMOTE_NAME.test(name)) {
    throw new PivotError("REMOTE_INVALID", `Invalid remote name '${name}'`, { hint: "Use letters, digits, '-' and '_' (e.g. origin, team-s3)." });
  }
}

/** The configured remotes, sorted by name, with the default marked. Secrets are not included. */
export function listRemotes(config: PivotConfig): RemoteListing[] {
  return Object.values(config.remotes)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((r) => ({
      name: r.name,
      url: redactUrl(r.url),
      isDefault: r.name === config.defaultRemote,
      settings: Object.fromEntries(Object.entries(r.settings).filter(([key]) => !/secret|token|password/i.test(key))),
    }));
}

export interface AddRemoteOptions {
  scope: ConfigScope;
  /** Make it the default remote. */
  makeDefault?: boolean;
  /** Replace an existing remote of that name. */
  force?: boolean;
}

/** Adds `remotes.<name>.url` (checking the name, the URL and that a plugin handles its scheme). */
export async function addRemote(projectRoot: string | undefined, registry: PluginRegistry, name: string, url: string, options: AddRemoteOptions): Promise<void> {
  checkName(name);
  const parsed = parseRemoteUrl(url, projectRoot ?? process.cwd(), `Remote '${name}'`);
  const scheme = parsed.protocol.replace(/:$/, "");
  if (!registry.remoteBackend(scheme)) {
    throw new PivotError("REMOTE_INVALID", `No plugin handles '${scheme}://' URLs`, {
      hint: `Known schemes: ${registry.remoteSchemes().join(", ")}. Add a plugin for '${scheme}' to \`plugins:\` in .pivot/config.yaml.`,
    });
  }
  const existing = loadConfig(projectRoot).remotes[name];
  if (existing && !options.force) {
    throw new PivotError("REMOTE_INVALID", `Remote '${name}' already exists (${redactUrl(existing.url)})`, {
      hint: `Use --force to replace it, or \`pivot remote remove ${name}\` first.`,
    });
  }
  await setConfigValue(options.scope, projectRoot, `remotes.${name}.url`, url);
  if (options.makeDefault) await setConfigValue(options.scope, projectRoot, "remote.default", name);
}

/** Removes a remote (and the default pointing at it) from the chosen config file. */
export async function removeRemote(projectRoot: string | undefined, name: string, scope: ConfigScope): Promise<void> {
  checkName(name);
  if (!(await unsetConfigValue(scope, projectRoot, `remotes.${name}`))) {
    throw new PivotError("REMOTE_NOT_FOUND", `No remote '${name}' in the ${scope} config`, { hint: "Run `pivot remote list` to see the remotes." });
  }
  const config = loadConfig(projectRoot);
  if (config.defaultRemote === name) await unsetConfigValue(scope, projectRoot, "remote.default");
}

/** Sets `remote.default` to a configured remote. */
export async function setDefaultRemote(projectRoot: string | undefined, name: string, scope: ConfigScope): Promise<void> {
  const config = loadConfig(projectRoot);
  if (!config.remotes[name]) {
    const names = Object.keys(config.remotes);
    throw new PivotError("REMOTE_NOT_FOUND", `Unknown remote '${name}'`, {
      hint: names.length > 0 ? `Configured remotes: ${names.sort().join(", ")}.` : "Add one with `pivot remote add <name> <url>`.",
    });
  }
  await setConfigValue(scope, projectRoot, "remote.default", name);
}
