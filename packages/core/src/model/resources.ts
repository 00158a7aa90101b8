/**
 * What a stage asks of the machine that runs it. Executors that schedule work elsewhere (Slurm,
 * Kubernetes, a cloud batch service) map these to their own flags; the local executors ignore
 * them. Resources say *where and how* a stage runs, never *what* it computes, so they are not part
 * of the stage's fingerprint: raising `mem` does not re-run a stage that is up to date.
 */
export interface StageResources {
  /** CPUs for the stage's one task. */
  cpus?: number;
  /** Memory, as `512M`, `4G`, `1T` (a plain number is megabytes). */
  mem?: string;
  /** Wall-clock limit, as `30` (minutes), `MM:SS`, `HH:MM:SS`, `D-HH`, `D-HH:MM`, `D-HH:MM:SS`. */
  time?: string;
  /** GPUs: a count (`2`) or `type:count` (`a100:2`). */
  gpus?: number | string;
  partition?: string;
  account?: string;
  qos?: string;
  /** Extra scheduler flags, passed as they are (`["--constraint=avx2"]`). */
  extra?: string[];
}

export const RESOURCE_KEYS = ["cpus", "mem", "time", "gpus", "partition", "account", "qos", "extra"] as const;
export type ResourceKey = (typeof RESOURCE_KEYS)[number];

const MEMORY = /^\d+(\.\d+)?\s*([KMGT]i?B?)?$/i;
const TIME = /^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2})$/;
const GPUS = /^([A-Za-z0-9_.-]+:)?\d+$/;
const NAME = /^[A-Za-z0-9_.,-]+$/;

/** Memory text as megabytes (what sbatch --mem takes without a suffix), or undefined when malformed. */
export function memoryMegabytes(text: string): number | undefined {
  const match = MEMORY.exec(text.trim());
  if (!match) return undefined;
  const amount = Number.parseFloat(text);
  const unit = (match[2] ?? "M")[0]!.toUpperCase();
  const factor = { K: 1 / 1024, M: 1, G: 1024, T: 1024 * 1024 }[unit] ?? 1;
  return Math.max(1, Math.ceil(amount * factor));
}

/**
 * Why `value` is not a valid `key` resource, in words that fit after the key's name
 * ("must be memory such as 4G"), or undefined when it is fine.
 */
export function resourceProblem(key: string, value: unknown): string | undefined {
  switch (key) {
    case "cpus":
      return typeof value === "number" && Number.isInteger(value) && value >= 1 ? undefined : `must be a whole number of at least 1, got ${show(value)}`;
    case "mem":
      return (typeof value === "string" || typeof value === "number") && memoryMegabytes(String(value)) !== undefined
        ? undefined
        : `must be an amount of memory such as 512M, 4G or 1T, got ${show(value)}`;
    case "time":
      return (typeof value === "string" || typeof value === "number") && TIME.test(String(value).trim())
        ? undefined
        : `must be a time limit such as 30 (minutes), 10:00 (MM:SS), 2:00:00 (HH:MM:SS) or 1-12:00:00 (D-HH:MM:SS), got ${show(value)}`;
    case "gpus":
      return (typeof value === "number" && Number.isInteger(value) && value >= 0) || (typeof value === "string" && GPUS.test(value))
        ? undefined
        : `must be a count (2) or type:count (a100:2), got ${show(value)}`;
    case "partition":
    case "account":
    case "qos":
      return typeof value === "string" && NAME.test(value) ? undefined : `must be a name (letters, digits, '_', '-', '.', ','), got ${show(value)}`;
    case "extra":
      return Array.isArray(value) && value.every((v) => typeof v === "string" && v.startsWith("-"))
        ? undefined
        : `must be a list of scheduler flags such as ["--constraint=avx2"], got ${show(value)}`;
    default:
      return `is not a resource (known: ${RESOURCE_KEYS.join(", ")})`;
  }
}

function show(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  return typeof value === "string" ? `'${value}'` : JSON.stringify(value);
}

/** A checked resource map: numbers stay numbers, memory and time become strings. */
export function normalizeResources(raw: Record<string, unknown>): StageResources {
  const out: StageResources = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === "cpus") out.cpus = value as number;
    else if (key === "mem" || key === "time") out[key] = String(value).trim();
    else if (key === "gpus") out.gpus = value as number | string;
    else if (key === "extra") out.extra = [...(value as string[])];
    else if (key === "partition" || key === "account" || key === "qos") out[key] = value as string;
  }
  return out;
}

/** `defaults` with `own` on top, key by key (`extra` from the stage replaces the default list). */
export function mergeResources(defaults: StageResources, own: StageResources | undefined): StageResources {
  return { ...defaults, ...(own ?? {}) };
}
