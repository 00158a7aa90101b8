import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { yamlErrorPosition } from "../fs/yaml-error-position";
import { PivotError, errorMessage } from "../errors/pivot-error";
import { didYouMean } from "../errors/did-you-mean";
import { CONFIG_KEYS, type ConfigKeySpec, EXECUTOR_KEY, type LinkMode, configKeySpec, defaultJobs } from "./config-schema";
import { type StageResources, normalizeResources, resourceProblem } from "../model/resources";
import { PIVOT_DIR } from "./project-root";

export type ConfigScope = "project" | "global";
type Flat = Record<string, unknown>;

export interface RemoteConfig {
  name: string;
  url: string;
  settings: Record<string, unknown>;
}

/** Resolved configuration: defaults < global file < project file < environment. */
export interface PivotConfig {
  cacheDir: string;
  linkModes: LinkMode[];
  jobs: number;
  fsync: boolean;
  plugins: string[];
  remotes: Record<string, RemoteConfig>;
  defaultRemote?: string;
  remoteJobs: number;
  remoteRetries: number;
  /** `remote.timeoutMs`: a remote request silent this long fails (0: no limit). */
  remoteTimeoutMs: number;
  /** `gc.remoteGrace` as written (a duration such as `1d`). */
  gcRemoteGrace: string;
  watchDebounceMs: number;
  historyKeep: number;
  /** Executor of stages that do not name one (`executor`, default `local`). */
  executor: string;
  /** Whether `core.jobs` was set (else `--jobs` defaults to the executor's own default). */
  jobsSet: boolean;
  /** Default resources of every stage (`resources.*`). */
  resources: StageResources;
  /** Per-executor settings (`executors.<name>.<setting>`). */
  executorSettings: Record<string, Record<string, unknown>>;
  /** Every key with its value and where it came from, for `pivot config list`. */
  entries: Array<{ key: string; value: unknown; source: "default" | ConfigScope | "env" }>;
}

export function globalConfigPath(): string {
  const explicit = process.env.PIVOT_GLOBAL_CONFIG;
  if (explicit) return explicit;
  const base = process.env.XDG_CONFIG_HOME || join(process.env.HOME ?? "/", ".config");
  return join(base, "pivot", "config.yaml");
}

export function projectConfigPath(projectRoot: string): string {
  return join(projectRoot, PIVOT_DIR, "config.yaml");
}

/** Flattens nested maps into dotted keys; lists and scalars are leaves. */
export function flattenConfig(value: unknown, prefix = "", out: Flat = {}): Flat {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flattenConfig(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out[prefix] = value;
  }
  return out;
}

/** Reads one config file into dotted keys; a missing file is empty. */
export function readConfigFile(file: string): Flat {
  if (!existsSync(file)) return {};
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new PivotError("CONFIG_INVALID", `Cannot read config file ${file}: ${errorMessage(error)}`);
  }
  let data: unknown;
  try {
    data = Bun.YAML.parse(text) ?? {};
  } catch (error) {
    throw new PivotError("CONFIG_INVALID", `${file}${yamlErrorPosition(file)}: ${errorMessage(error)}`, { hint: "Fix the YAML syntax of the config file." });
  }
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new PivotError("CONFIG_INVALID", `${file}: the config must be a mapping of keys`, { hint: "See `pivot config list` for the keys." });
  }
  const flat = flattenConfig(data);
  for (const [key, value] of Object.entries(flat)) validateConfigValue(key, value, file);
  return flat;
}

/** Throws a PivotError naming `where` when `key` is unknown or `value` has the wrong type. */
export function validateConfigValue(key: string, value: unknown, where: string): void {
  const spec = configKeySpec(key);
  if (!spec) {
    const suggestion = didYouMean(key, Object.keys(CONFIG_KEYS));
    throw new PivotError("CONFIG_KEY_UNKNOWN", `${where}: unknown config key '${key}'`, {
      hint: suggestion ?? "Run `pivot config list` to see the keys pivot knows.",
    });
  }
  const problem = valueProblem(spec.kind === "resource" ? { ...spec, key: key.slice("resources.".length) } : spec, value);
  if (problem) throw new PivotError("CONFIG_INVALID", `${where}: '${key}' ${problem}`, { hint: spec.description });
}

function valueProblem(spec: ConfigKeySpec & { key?: string }, value: unknown): string | undefined {
  switch (spec.kind) {
    case "string":
      if (typeof value !== "string") return "must be a string";
      if (spec.choices && !spec.choices.includes(value)) return `must be one of ${spec.choices.join(", ")}`;
      return undefined;
    case "int":
      if (typeof value !== "number" || !Number.isInteger(value)) return "must be a whole number";
      if (spec.min !== undefined && value < spec.min) return `must be at least ${spec.min}`;
      return undefined;
    case "bool":
      return typeof value === "boolean" ? undefined : "must be true or false";
    case "resource":
      return resourceProblem(spec.key ?? "", value);
    case "scalar":
      return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? undefined : "must be a single value";
    case "list": {
      if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) return "must be a list of strings";
      const bad = spec.choices ? value.find((v) => !spec.choices!.includes(v)) : undefined;
      return bad === undefined ? undefined : `has '${bad}', expected items from ${spec.choices!.join(", ")}`;
    }
  }
}

/** Parses a command-line value for `key` into the right type (`pivot config set`). */
export function parseConfigValue(key: string, raw: string): unknown {
  const spec = configKeySpec(key);
  if (!spec) return raw;
  switch (spec.kind) {
    case "int":
      return /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
    case "bool":
      return raw === "true" ? true : raw === "false" ? false : raw;
    case "resource":
      if (key === "resources.cpus" && /^\d+$/.test(raw.trim())) return Number(raw);
      if (key === "resources.gpus" && /^\d+$/.test(raw.trim())) return Number(raw);
      if (key === "resources.extra") return raw.split(",").map((s) => s.trim()).filter(Boolean);
      return raw;
    case "list":
      return raw.split(",").map((s) => s.trim()).filter(Boolean);
    default:
      return raw;
  }
}

function envLayer(): Flat {
  const layer: Flat = {};
  const cacheDir = process.env.PIVOT_CACHE_DIR?.trim();
  if (cacheDir) layer["cache.dir"] = cacheDir;
  return layer;
}

/** Defaults that depend on the machine (shown by `pivot config list` like the others). */
function computedDefaults(): Flat {
  return { "core.jobs": defaultJobs(), "remote.jobs": defaultJobs() * 4 };
}

/** Loads and resolves the configuration of a project (or only global + env without one). */
export function loadConfig(projectRoot: string | undefined): PivotConfig {
  const layers: Array<[source: "default" | ConfigScope | "env", Flat]> = [
    ["default", { ...Object.fromEntries(Object.entries(CONFIG_KEYS).filter(([, s]) => s.default !== undefined).map(([k, s]) => [k, s.default])), ...computedDefaults() }],
    ["global", readConfigFile(globalConfigPath())],
    ["project", projectRoot ? readConfigFile(projectConfigPath(projectRoot)) : {}],
    ["env", envLayer()],
  ];
  const merged = new Map<string, { value: unknown; source: "default" | ConfigScope | "env" }>();
  for (const [source, layer] of layers) for (const [k, v] of Object.entries(layer)) merged.set(k, { value: v, source });
  const get = <T>(key: string): T | undefined => merged.get(key)?.value as T | undefined;

  const remotes: Record<string, RemoteConfig> = {};
  for (const [key, { value }] of merged) {
    const match = /^remotes\.([^.]+)\.(.+)$/.exec(key);
    if (!match) continue;
    const [, name, setting] = match as unknown as [string, string, string];
    remotes[name] ??= { name, url: "", settings: {} };
    if (setting === "url") remotes[name].url = String(value);
    else remotes[name].settings[setting] = value;
  }
  const executorSettings: Record<string, Record<string, unknown>> = {};
  const resources: Record<string, unknown> = {};
  for (const [key, { value }] of merged) {
    const match = EXECUTOR_KEY.exec(key);
    if (match) (executorSettings[match[1]!] ??= {})[match[2]!] = value;
    if (key.startsWith("resources.")) resources[key.slice("resources.".length)] = value;
  }
  const base = projectRoot ?? process.cwd();
  const jobs = get<number>("core.jobs") ?? defaultJobs();
  return {
    cacheDir: resolve(base, get<string>("cache.dir") ?? ".pivot/cache"),
    linkModes: get<LinkMode[]>("cache.link") ?? ["reflink", "copy"],
    jobs,
    fsync: get<boolean>("core.fsync") ?? false,
    plugins: get<string[]>("plugins") ?? [],
    remotes,
    defaultRemote: get<string>("remote.default"),
    remoteJobs: get<number>("remote.jobs") ?? defaultJobs() * 4,
    remoteRetries: get<number>("remote.retries") ?? 4,
    remoteTimeoutMs: get<number>("remote.timeoutMs") ?? 10_000,
    gcRemoteGrace: get<string>("gc.remoteGrace") ?? "1d",
    watchDebounceMs: get<number>("watch.debounceMs") ?? 300,
    historyKeep: get<number>("history.keep") ?? 100,
    executor: get<string>("executor") ?? "local",
    jobsSet: merged.get("core.jobs")?.source !== "default",
    resources: normalizeResources(resources),
    executorSettings,
    entries: [...merged].map(([key, { value, source }]) => ({ key, value, source })).sort((a, b) => a.key.localeCompare(b.key)),
  };
}
