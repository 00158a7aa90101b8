export type LinkMode = "reflink" | "hardlink" | "symlink" | "copy";
export const LINK_MODES: readonly LinkMode[] = ["reflink", "hardlink", "symlink", "copy"];

type KeyKind = "string" | "int" | "bool" | "list" | "scalar" | "resource";

export interface ConfigKeySpec {
  kind: KeyKind;
  description: string;
  default?: unknown;
  /** Allowed list items or string values. */
  choices?: readonly string[];
  min?: number;
}

/** Every fixed key `pivot config` accepts. `remotes.<name>.<setting>` keys are accepted too. */
export const CONFIG_KEYS: Record<string, ConfigKeySpec> = {
  "cache.dir": { kind: "string", default: ".pivot/cache", description: "Content cache folder (relative to the project root)" },
  "cache.link": {
    kind: "list",
    choices: LINK_MODES,
    default: ["reflink", "copy"],
    description: "How cached outputs are placed in the workspace, first that works wins",
  },
  "core.fsync": { kind: "bool", default: false, description: "fsync every file pivot writes (durable across power loss, slower)" },
  "core.jobs": { kind: "int", min: 1, description: "Stages run at once (default: number of CPUs)" },
  "remote.default": { kind: "string", description: "Remote used when --remote is not given" },
  "remote.jobs": { kind: "int", min: 1, description: "Parallel transfers (default: 4 × CPUs)" },
  "remote.retries": { kind: "int", min: 0, default: 4, description: "Retries of a failed transfer" },
  "remote.timeoutMs": { kind: "int", min: 0, default: 10000, description: "A remote request that gets no answer (no bytes) this long fails; repro --pull then runs the stage (ms, 0: no limit)" },
  "gc.remoteGrace": { kind: "string", default: "1d", description: "gc --remote keeps unreferenced objects younger than this (30m, 12h, 1d, 2w)" },
  "watch.debounceMs": { kind: "int", min: 0, default: 300, description: "Quiet time before watch mode reacts (ms)" },
  "history.keep": { kind: "int", min: 1, default: 100, description: "Runs kept in run history" },
  executor: { kind: "string", default: "local", description: "Where cmd stages run: local, slurm, or a plugin's executor (a stage's own `executor:` wins)" },
  "resources.cpus": { kind: "resource", description: "Default CPUs per stage on a cluster executor" },
  "resources.mem": { kind: "resource", description: "Default memory per stage on a cluster executor (512M, 4G)" },
  "resources.time": { kind: "resource", description: "Default time limit per stage on a cluster executor (30, 2:00:00, 1-00:00:00)" },
  "resources.gpus": { kind: "resource", description: "Default GPUs per stage on a cluster executor (2, a100:2)" },
  "resources.partition": { kind: "resource", description: "Default partition (Slurm -p) for stages on a cluster executor" },
  "resources.account": { kind: "resource", description: "Default account (Slurm -A) for stages on a cluster executor" },
  "resources.qos": { kind: "resource", description: "Default QOS for stages on a cluster executor" },
  "resources.extra": { kind: "resource", description: "Default extra scheduler flags (a list, e.g. [--constraint=avx2])" },
  plugins: { kind: "list", default: [], description: "Third-party plugins (package names or paths to plugin files)" },
};

const REMOTE_KEY = /^remotes\.([A-Za-z0-9_-]+)\.([A-Za-z][A-Za-z0-9_]*)$/;
/** Settings of one executor, read by its plugin (`executors.slurm.outputWaitMs: 30000`). */
export const EXECUTOR_KEY = /^executors\.([A-Za-z0-9_-]+)\.([A-Za-z][A-Za-z0-9_]*)$/;

/** The spec of a key, or undefined if pivot does not know it. */
export function configKeySpec(key: string): ConfigKeySpec | undefined {
  const fixed = CONFIG_KEYS[key];
  if (fixed) return fixed;
  // Remote settings are read by the remote's plugin: a string, number or boolean (`part_size_mb: 16`).
  if (REMOTE_KEY.test(key)) return { kind: "scalar", description: "Remote setting" };
  if (EXECUTOR_KEY.test(key)) return { kind: "scalar", description: "Executor setting (see docs/executors.md)" };
  return undefined;
}

export function defaultJobs(): number {
  return Math.max(1, navigator.hardwareConcurrency || 1);
}
