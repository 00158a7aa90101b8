import type { LockedParams, LockedPath } from "../lock/lock-data";

/** Everything that goes into a stage, as it is now. Compared with the lock to decide a run. */
export interface StageInputs {
  cmd?: string[];
  code?: Record<string, string>;
  params: LockedParams;
  /** Hashed deps; missing ones are listed separately. */
  deps: LockedPath[];
  missingDeps: string[];
  /** Deps absent from the workspace, counted at their recorded hash (`--allow-missing`); a run cannot use them. */
  absentDeps?: string[];
  /** Declared outputs (path + whether cached). */
  outs: Array<{ path: string; cache: boolean }>;
}

/** Canonical JSON (sorted keys) — the basis of the run-cache key. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

/** Hashes already computed, per inputs object (a run asks twice: run-cache lookup, then record). */
const inputHashes = new WeakMap<StageInputs, string>();

/** Hash of a stage's inputs: equal inputs produce equal outputs (the run cache key). */
export function inputHashOf(inputs: StageInputs): string {
  let hash = inputHashes.get(inputs);
  if (hash === undefined) {
    hash = computeInputHash(inputs);
    inputHashes.set(inputs, hash);
  }
  return hash;
}

function computeInputHash(inputs: StageInputs): string {
  const doc = {
    cmd: inputs.cmd ?? null,
    code: inputs.code ?? null,
    params: inputs.params,
    deps: inputs.deps.map((d) => [d.path, d.hash]).sort(),
    outs: inputs.outs.map((o) => [o.path, o.cache]).sort(),
  };
  return new Bun.CryptoHasher("sha256").update(canonicalJson(doc)).digest("hex").slice(0, 32);
}
