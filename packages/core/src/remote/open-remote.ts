import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { didYouMean } from "../errors/did-you-mean";
import { PivotError, errorMessage } from "../errors/pivot-error";
import type { PluginRegistry } from "../plugin/plugin-registry";
import type { Remote } from "../plugin/remote-backend";
import type { StateStore } from "../plugin/state-backend";
import type { PivotConfig, RemoteConfig } from "../project/config";
import { epochIndexKey, readGcEpoch } from "./gc-epoch";
import { redactUrl } from "./remote-errors";
import { type RemoteTrust, remoteTrust } from "./remote-trust";
import { withTimeouts } from "./timed-remote";

/** A remote ready for transfers, with the settings core applies to it. */
export interface OpenedRemote {
  /** Config name, or the URL when `--remote` was given a URL. */
  name: string;
  /** The URL as configured (for messages; credentials removed). */
  displayUrl: string;
  remote: Remote;
  /** Key of this remote in the remote index: the backend's `indexKey` (else the resolved URL) and its gc epoch. */
  indexKey: string;
  /** Parallel transfers. */
  jobs: number;
  /** Retries of a transient failure. */
  retries: number;
  /** `readonly`, `trust`, signing and verify keys of this remote. */
  trust: RemoteTrust;
}

export interface OpenRemoteOptions {
  /** `--remote`: a configured name or a URL / path. */
  remote?: string;
  /** `--jobs`. */
  jobs?: number;
}

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

/** True when `--remote` names a location (URL or path) rather than a configured remote. */
function isLocation(value: string): boolean {
  return URL_LIKE.test(value) || value.startsWith("/") || value.startsWith("./") || value.startsWith("../");
}

/**
 * Parses a remote URL from config. A plain path (no scheme) is a local folder, relative to the
 * project root: it becomes a `file://` URL.
 */
export function parseRemoteUrl(raw: string, projectRoot: string, where: string): URL {
  const text = raw.trim();
  if (text === "") {
    throw new PivotError("REMOTE_INVALID", `${where} has no url`, { hint: "Set it with `pivot remote add <name> <url>`." });
  }
  if (!URL_LIKE.test(text)) return pathToFileURL(isAbsolute(text) ? text : resolve(projectRoot, text));
  try {
    return new URL(text);
  } catch {
    throw new PivotError("REMOTE_INVALID", `${where} has an invalid url '${redactUrl(text)}'`, {
      hint: "Use s3://bucket/prefix, file:///absolute/path, or a folder path.",
    });
  }
}

/** The configured remote chosen by name, `remote.default`, or the only one there is. */
export function chooseRemote(config: PivotConfig, name: string | undefined): RemoteConfig {
  const names = Object.keys(config.remotes).sort();
  if (name !== undefined) {
    const found = config.remotes[name];
    if (found) return found;
    throw new PivotError("REMOTE_NOT_FOUND", `Unknown remote '${name}'`, {
      hint: didYouMean(name, names) ?? (names.length > 0 ? `Configured remotes: ${names.join(", ")}.` : "Add one with `pivot remote add <name> <url>`."),
    });
  }
  if (config.defaultRemote !== undefined) return chooseRemote(config, config.defaultRemote);
  if (names.length === 1) return config.remotes[names[0]!]!;
  if (names.length === 0) {
    throw new PivotError("REMOTE_NOT_FOUND", "No remote is configured", {
      hint: "Add one with `pivot remote add origin s3://bucket/prefix` (or a folder path), or pass --remote <url>.",
    });
  }
  throw new PivotError("REMOTE_NOT_FOUND", `Several remotes are configured (${names.join(", ")}) and none is the default`, {
    hint: "Pick one with --remote <name>, or set a default: `pivot remote default <name>`.",
  });
}

/** `remotes.<name>.timeout_ms`, else `remote.timeoutMs`, with the key to name in messages. */
function remoteTimeout(chosen: RemoteConfig, config: PivotConfig): [number, string] {
  const own = Number(chosen.settings.timeout_ms);
  if (chosen.settings.timeout_ms !== undefined) {
    if (!Number.isFinite(own) || own < 0) {
      throw new PivotError("REMOTE_INVALID", `remotes.${chosen.name}.timeout_ms must be a number of milliseconds (0: no limit), got '${String(chosen.settings.timeout_ms)}'`, { hint: "For example: timeout_ms: 30000" });
    }
    return [own, `remotes.${chosen.name}.timeout_ms`];
  }
  return [config.remoteTimeoutMs, "remote.timeoutMs"];
}

const EPOCH_CACHE = "remote-gc-epoch";

/**
 * The remote's gc epoch (see gc-epoch.ts), remembered in the project's state DB. When the remote
 * cannot be asked, the last epoch seen is used: whatever the command then needs from the remote
 * fails on its own, and a push with nothing new to upload still needs no connection.
 */
async function currentEpoch(remote: Remote, baseKey: string, store: StateStore | undefined): Promise<string | undefined> {
  try {
    const epoch = await readGcEpoch(remote);
    if (store && epoch !== store.getCached(EPOCH_CACHE, baseKey)) {
      if (epoch === undefined) store.deleteCached(EPOCH_CACHE, baseKey);
      else store.putCached(EPOCH_CACHE, baseKey, epoch);
    }
    return epoch;
  } catch {
    return store?.getCached(EPOCH_CACHE, baseKey);
  }
}

/** Resolves `--remote` (or the default) and creates the Remote through its scheme's backend. */
export async function openRemote(
  ctx: { root: string; config: PivotConfig; registry: PluginRegistry; state?: { forProject(root: string): StateStore } },
  options: OpenRemoteOptions = {},
): Promise<OpenedRemote> {
  const chosen: RemoteConfig =
    options.remote !== undefined && isLocation(options.remote) && !ctx.config.remotes[options.remote]
      ? { name: options.remote, url: options.remote, settings: {} }
      : chooseRemote(ctx.config, options.remote);
  const url = parseRemoteUrl(chosen.url, ctx.root, `Remote '${chosen.name}'`);
  const scheme = url.protocol.replace(/:$/, "");
  const backend = ctx.registry.remoteBackend(scheme);
  if (!backend) {
    const known = ctx.registry.remoteSchemes();
    throw new PivotError("REMOTE_INVALID", `Remote '${chosen.name}': no plugin handles '${scheme}://' URLs`, {
      hint: `Known schemes: ${known.join(", ")}. Add a plugin that registers '${scheme}' to \`plugins:\` in .pivot/config.yaml.`,
    });
  }
  const trust = remoteTrust(chosen.name, chosen.settings, ctx.root);
  const settingJobs = Number(chosen.settings.jobs);
  const jobs = Math.max(1, Math.floor(options.jobs ?? (Number.isFinite(settingJobs) && settingJobs > 0 ? settingJobs : ctx.config.remoteJobs)));
  let remote: Remote;
  try {
    remote = await backend.create(url, { name: chosen.name, settings: chosen.settings, projectRoot: ctx.root, jobs });
  } catch (error) {
    if (error instanceof PivotError) throw error;
    throw new PivotError("REMOTE_INVALID", `Remote '${chosen.name}' (${redactUrl(chosen.url)}): ${errorMessage(error)}`, {
      hint: "Check the remote's url and settings: `pivot remote list`.",
    });
  }
  remote = withTimeouts(remote, chosen.name, ...remoteTimeout(chosen, ctx.config));
  const displayUrl = redactUrl(chosen.url);
  const baseKey = remote.indexKey ?? redactUrl(url.href);
  const indexKey = epochIndexKey(baseKey, await currentEpoch(remote, baseKey, ctx.state?.forProject(ctx.root)));
  return { name: chosen.name, displayUrl, remote, indexKey, jobs, retries: ctx.config.remoteRetries, trust };
}
