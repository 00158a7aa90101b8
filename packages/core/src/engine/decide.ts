import type { LockData } from "../lock/lock-data";
import type { LockRead } from "../lock/lock-file";
import type { RunReason } from "./reasons";
import { canonicalJson, type StageInputs } from "./stage-inputs";

export interface DecideOptions {
  force?: boolean;
  alwaysChanged?: boolean;
  /** Upstream stages that will run (prediction only). */
  upstreamRunning?: string[];
}

function compareMaps(
  oldMap: Record<string, unknown>,
  newMap: Record<string, unknown>,
  make: (key: string, oldValue: unknown, newValue: unknown) => RunReason,
): RunReason[] {
  if (sameMaps(oldMap, newMap)) return [];
  const keys = [...new Set([...Object.keys(oldMap), ...Object.keys(newMap)])].sort();
  return keys.filter((k) => !sameValue(oldMap[k], newMap[k])).map((k) => make(k, oldMap[k], newMap[k]));
}

/** Same keys with the same values (the common case, answered without sorting or allocating). */
function sameMaps(oldMap: Record<string, unknown>, newMap: Record<string, unknown>): boolean {
  const keys = Object.keys(newMap);
  if (Object.keys(oldMap).length !== keys.length) return false;
  for (const key of keys) if (!Object.hasOwn(oldMap, key) || !sameValue(oldMap[key], newMap[key])) return false;
  return true;
}

/** Whether a recorded command equals the current one (lists of words compared word by word). */
function sameCmd(recorded: unknown, current: unknown): boolean {
  if (Array.isArray(recorded) && Array.isArray(current) && recorded.length === current.length) {
    if (recorded.every((word, i) => typeof word === "string" && word === current[i])) return true;
  }
  return canonicalJson(recorded) === canonicalJson(current);
}

/** Whether the recorded deps are the current ones, path for path in the same order and with the same hash. */
function sameDepsInOrder(locked: ReadonlyArray<{ path: string; hash: string }>, current: ReadonlyArray<{ path: string; hash: string }>): boolean {
  return locked.length === current.length && locked.every((d, i) => d.path === current[i]!.path && d.hash === current[i]!.hash);
}

/** Whether the recorded outputs are the current ones, path for path in the same order and with the same `cache`. */
function sameOutsInOrder(locked: ReadonlyArray<{ path: string; cache: boolean }>, current: ReadonlyArray<{ path: string; cache: boolean }>): boolean {
  return locked.length === current.length && locked.every((o, i) => o.path === current[i]!.path && o.cache === current[i]!.cache);
}

/** Equal as canonical JSON; strings (hashes, most params) compared directly. */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  return canonicalJson(a) === canonicalJson(b);
}

function inputChanges(lock: LockData, inputs: StageInputs): RunReason[] {
  const reasons: RunReason[] = [];
  if (inputs.cmd && !sameCmd(lock.cmd ?? [], inputs.cmd)) {
    reasons.push({ kind: "cmd-changed", old: lock.cmd ?? [], new: inputs.cmd });
  }
  if (inputs.code) {
    reasons.push(
      ...compareMaps(lock.code ?? {}, inputs.code, (part, o, n) => ({ kind: "code-changed", part, old: o as string | undefined, new: n as string | undefined })),
    );
  }
  const files = [...new Set([...Object.keys(lock.params), ...Object.keys(inputs.params)])].sort();
  for (const file of files) {
    reasons.push(
      ...compareMaps(lock.params[file] ?? {}, inputs.params[file] ?? {}, (key, o, n) => ({ kind: "param-changed", file, key, old: o, new: n })),
    );
  }
  for (const path of inputs.missingDeps) reasons.push({ kind: "dep-missing", path });
  if (inputs.missingDeps.length === 0 && sameDepsInOrder(lock.deps, inputs.deps) && sameOutsInOrder(lock.outs, inputs.outs)) return reasons;
  const lockedDeps = Object.fromEntries(lock.deps.map((d) => [d.path, d.hash]));
  const currentDeps = Object.fromEntries(inputs.deps.map((d) => [d.path, d.hash]));
  for (const path of inputs.missingDeps) delete lockedDeps[path];
  reasons.push(
    ...compareMaps(lockedDeps, currentDeps, (path, o, n) => ({ kind: "dep-changed", path, old: o as string | undefined, new: n as string | undefined })),
  );
  const lockedCache = new Map(lock.outs.map((o) => [o.path, o.cache]));
  const currentCache = new Map(inputs.outs.map((o) => [o.path, o.cache]));
  const added = [...currentCache.keys()].filter((path) => !lockedCache.has(path));
  const removed = [...lockedCache.keys()].filter((path) => !currentCache.has(path));
  if (added.length || removed.length) reasons.push({ kind: "outs-changed", added, removed });
  for (const [path, cache] of currentCache) {
    const was = lockedCache.get(path);
    if (was !== undefined && was !== cache) reasons.push({ kind: "out-cache-changed", path, old: was, new: cache });
  }
  return reasons;
}

/**
 * Why a stage must run, judged on its inputs against its lock file. Empty means its inputs are
 * unchanged (outputs are checked separately: missing ones may be restored from the cache).
 */
export function decideFromInputs(lockRead: LockRead, inputs: StageInputs, options: DecideOptions = {}): RunReason[] {
  const reasons: RunReason[] = [];
  if (lockRead.kind === "missing") reasons.push({ kind: "no-lock" });
  else if (lockRead.kind === "corrupt") reasons.push({ kind: "lock-corrupt", file: lockRead.file, problem: lockRead.problem });
  else reasons.push(...inputChanges(lockRead.lock, inputs));
  if (reasons.length === 0 && options.alwaysChanged) reasons.push({ kind: "always-changed" });
  if (options.upstreamRunning && options.upstreamRunning.length > 0) reasons.push({ kind: "upstream", stages: options.upstreamRunning });
  if (reasons.length === 0 && options.force) reasons.push({ kind: "forced" });
  return reasons;
}
