import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { errorMessage } from "../errors/pivot-error";
import { writeFileAtomic } from "../fs/atomic-write";
import { toMachineYaml } from "../fs/machine-yaml";
import type { Stage } from "../model/pipeline";
import { stateDirOf } from "../state/state-router";
import { LOCK_SCHEMA, type LockData, type LockedOut, type LockedPath } from "./lock-data";

/** `<stateDir>/stages/<lockName>.lock` — the only place lock paths are computed. */
export function lockPathOf(stage: Stage): string {
  return join(stateDirOf(stage), "stages", `${stage.lockName}.lock`);
}

export type LockRead =
  | { kind: "missing" }
  | { kind: "ok"; lock: LockData }
  | { kind: "corrupt"; file: string; problem: string };

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function readPaths(value: unknown, what: string): LockedPath[] {
  if (!Array.isArray(value)) throw new Error(`'${what}' is not a list`);
  return value.map((entry, i) => {
    if (!isRecord(entry) || typeof entry.path !== "string" || typeof entry.hash !== "string") {
      throw new Error(`${what}[${i}] needs a path and a quoted hash`);
    }
    return {
      path: entry.path,
      hash: entry.hash,
      sizeBytes: typeof entry.size === "number" ? entry.size : 0,
      ...(typeof entry.files === "number" ? { files: entry.files } : {}),
      ...(what === "outs" ? { cache: entry.cache !== false } : {}),
    };
  });
}

/** Parses lock file text (machine-written, so Bun's native YAML parser is used for speed). */
export function parseLock(text: string): LockData {
  const raw = Bun.YAML.parse(text);
  if (!isRecord(raw)) throw new Error("not a mapping");
  if (raw.schema !== LOCK_SCHEMA) throw new Error(`unknown schema ${String(raw.schema)}`);
  if (typeof raw.stage !== "string" || typeof raw.hash_algorithm !== "string") throw new Error("missing stage or hash_algorithm");
  if (raw.params !== undefined && !isRecord(raw.params)) throw new Error("'params' is not a mapping");
  if (raw.code !== undefined && !isRecord(raw.code)) throw new Error("'code' is not a mapping");
  return {
    schema: LOCK_SCHEMA,
    stage: raw.stage,
    hashAlgorithm: raw.hash_algorithm,
    ...(Array.isArray(raw.cmd) ? { cmd: raw.cmd.map(String) } : typeof raw.cmd === "string" ? { cmd: [raw.cmd] } : {}),
    ...(isRecord(raw.code) ? { code: raw.code as Record<string, string> } : {}),
    params: (raw.params ?? {}) as LockData["params"],
    deps: readPaths(raw.deps ?? [], "deps"),
    outs: readPaths(raw.outs ?? [], "outs") as LockedOut[],
  };
}

/** Reads a stage's lock file; a corrupt one is reported, never thrown. */
export function readLock(stage: Stage): LockRead {
  const file = lockPathOf(stage);
  if (!existsSync(file)) return { kind: "missing" };
  try {
    return { kind: "ok", lock: parseLock(readFileSync(file, "utf8")) };
  } catch (error) {
    return { kind: "corrupt", file, problem: errorMessage(error) };
  }
}

function sortedParams(params: LockData["params"]): LockData["params"] {
  const out: LockData["params"] = {};
  for (const file of Object.keys(params).sort()) {
    const values = params[file]!;
    out[file] = Object.fromEntries(Object.keys(values).sort().map((k) => [k, values[k]]));
  }
  return out;
}

/** Stable, diff-friendly YAML: sorted paths and keys, every hash a quoted string. */
export function serializeLock(lock: LockData): string {
  const paths = (list: LockedPath[], withCache: boolean) =>
    [...list].sort(byPath).map((p) => ({
      path: p.path,
      hash: p.hash,
      size: p.sizeBytes,
      ...(p.files !== undefined ? { files: p.files } : {}),
      ...(withCache ? { cache: (p as LockedOut).cache } : {}),
    }));
  const doc = {
    schema: lock.schema,
    stage: lock.stage,
    hash_algorithm: lock.hashAlgorithm,
    ...(lock.cmd ? { cmd: lock.cmd } : {}),
    ...(lock.code ? { code: Object.fromEntries(Object.keys(lock.code).sort().map((k) => [k, lock.code![k]])) } : {}),
    params: sortedParams(lock.params),
    deps: paths(lock.deps, false),
    outs: paths(lock.outs, true),
  };
  return toMachineYaml(doc);
}

/** Writes a stage's lock file atomically. */
export function writeLock(stage: Stage, lock: LockData): void {
  writeFileAtomic(lockPathOf(stage), serializeLock(lock));
}
