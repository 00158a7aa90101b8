import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type OpenedRemote, type PivotConfig, type PluginRegistry, type RemoteBackend, errorMessage, isPivotError, openRemote, parseRemoteUrl } from "@pivot/core/internal";
import { type DoctorCheck, failure, ok, warning } from "./doctor-check";

const PROBE_HASH = "0".repeat(32);
const TIMEOUT_MS = 5000;

/** A backend may offer its own reachability check; pivot's built-ins are probed with one `exists` call. */
type CheckableBackend = RemoteBackend & { check?: (url: URL) => Promise<void> };

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms).unref())]);
}

async function probe(root: string, config: PivotConfig, registry: PluginRegistry, name: string): Promise<DoctorCheck> {
  const check = `remote ${name}`;
  const remoteConfig = config.remotes[name]!;
  let url: URL;
  try {
    url = parseRemoteUrl(remoteConfig.url, root, `Remote '${name}'`);
  } catch (error) {
    return failure(check, errorMessage(error), isPivotError(error) ? error.hint : undefined);
  }
  const backend = registry.remoteBackend(url.protocol.replace(/:$/, "")) as CheckableBackend | undefined;
  if (backend?.check) {
    try {
      await withTimeout(backend.check(url), TIMEOUT_MS);
      return ok(check, `${url.protocol}// reachable`);
    } catch (error) {
      return failure(check, `not reachable: ${errorMessage(error)}`, "Check the url, credentials and network: `pivot remote list`.");
    }
  }
  if (url.protocol === "file:") {
    const folder = fileURLToPath(url);
    if (!existsSync(folder)) return warning(check, `${folder} does not exist yet`, "It is created by the first `pivot push`; check the path if you expected data there.");
  }
  let opened: OpenedRemote;
  try {
    opened = await openRemote({ root, config, registry }, { remote: name });
  } catch (error) {
    return failure(check, errorMessage(error), isPivotError(error) ? error.hint : undefined);
  }
  try {
    await withTimeout(opened.remote.exists([PROBE_HASH]), TIMEOUT_MS);
    return ok(check, `${opened.displayUrl} reachable`);
  } catch (error) {
    const hint = isPivotError(error) && error.hint ? error.hint : "Check the url, credentials and network: `pivot remote list`.";
    return failure(check, `${opened.displayUrl} not reachable: ${errorMessage(error)}`, hint);
  } finally {
    await opened.remote.close?.();
  }
}

/** Every configured remote: valid url, a plugin for its scheme, and an answer to one existence query. */
export async function checkRemotes(root: string, config: PivotConfig, registry: PluginRegistry): Promise<DoctorCheck[]> {
  const names = Object.keys(config.remotes).sort();
  if (names.length === 0) return [ok("remotes", "none configured (add one with `pivot remote add <name> <url>`)")];
  const checks = await Promise.all(names.map((name) => probe(root, config, registry, name)));
  if (config.defaultRemote !== undefined && !config.remotes[config.defaultRemote]) {
    checks.push(warning("remotes", `remote.default is '${config.defaultRemote}', which is not configured`, "Set it to a configured remote: `pivot remote default <name>`."));
  }
  return checks;
}
