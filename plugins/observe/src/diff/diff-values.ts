import { canonicalJson } from "@pivot/core/internal";
import { deltaOf } from "../table/format-value";

export type ChangeType = "added" | "removed" | "modified" | "unchanged";

/** One key compared across two snapshots. `old`/`new` are absent when the key is not on that side. */
export interface ValueChange {
  key: string;
  old?: unknown;
  new?: unknown;
  /** new − old, when both are numbers. */
  delta?: number;
  change: ChangeType;
}

export type FlatValues = Record<string, unknown>;

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Nested maps become dotted keys (`train.optimizer.lr`); lists and scalars are values. */
export function flatten(value: unknown, prefix = "", out: FlatValues = {}): FlatValues {
  if (isMap(value) && (Object.keys(value).length > 0 || prefix === "")) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix === "" ? key : `${prefix}.${key}`, out);
  } else if (prefix !== "") {
    out[prefix] = value;
  }
  return out;
}

/** Every key of either side, in the new side's order then the removed ones, with what changed. */
export function diffValues(oldValues: FlatValues | undefined, newValues: FlatValues | undefined): ValueChange[] {
  const before = oldValues ?? {};
  const after = newValues ?? {};
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return keys.map((key) => {
    const hasOld = Object.hasOwn(before, key);
    const hasNew = Object.hasOwn(after, key);
    const change: ChangeType = !hasOld ? "added" : !hasNew ? "removed" : canonicalJson(before[key]) === canonicalJson(after[key]) ? "unchanged" : "modified";
    const delta = change === "unchanged" ? undefined : deltaOf(before[key], after[key]);
    const row: ValueChange = {
      key,
      ...(hasOld ? { old: before[key] } : {}),
      ...(hasNew ? { new: after[key] } : {}),
      ...(delta === undefined ? {} : { delta }),
      change,
    };
    return row;
  });
}
