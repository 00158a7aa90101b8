/** Why a stage runs, kept structured so `--explain` and `--json` can show old → new. */
export type RunReason =
  | { kind: "no-lock" }
  | { kind: "lock-corrupt"; file: string; problem: string }
  | { kind: "forced" }
  | { kind: "always-changed" }
  | { kind: "cmd-changed"; old: string[]; new: string[] }
  | { kind: "code-changed"; part: string; old?: string; new?: string }
  | { kind: "param-changed"; file: string; key: string; old?: unknown; new?: unknown }
  | { kind: "dep-changed"; path: string; old?: string; new?: string }
  | { kind: "dep-missing"; path: string }
  | { kind: "outs-changed"; added: string[]; removed: string[] }
  | { kind: "out-cache-changed"; path: string; old: boolean; new: boolean }
  | { kind: "out-modified"; path: string; old: string; new: string }
  | { kind: "out-missing"; path: string; restorable: boolean }
  | { kind: "upstream"; stages: string[] };

// Only hashes are shortened; other values (a code part's `name@version`) are shown whole.
const short = (hash: string | undefined) => (hash === undefined ? "∅" : hash.length > 12 && /^[0-9a-f]+(\.dir)?$/.test(hash) ? `${hash.slice(0, 8)}…` : hash);
const value = (v: unknown) => (v === undefined ? "∅" : JSON.stringify(v));

/** One line per reason, e.g. `dep data/raw.csv changed (1a2b3c4d… → 9f8e7d6c…)`. */
export function formatReason(reason: RunReason, detailed = false): string {
  switch (reason.kind) {
    case "no-lock":
      return "never ran (no lock file)";
    case "lock-corrupt":
      return `lock file ${reason.file} is unreadable (${reason.problem}); treated as never ran`;
    case "forced":
      return "forced";
    case "always-changed":
      return "always_changed is set";
    case "cmd-changed":
      return detailed ? `cmd changed: ${reason.old.join(" && ")} → ${reason.new.join(" && ")}` : "cmd changed";
    case "code-changed":
      return reason.old === undefined
        ? `code added: ${reason.part}`
        : reason.new === undefined
          ? `code removed: ${reason.part}`
          : `code changed: ${reason.part}${detailed ? ` (${short(reason.old)} → ${short(reason.new)})` : ""}`;
    case "param-changed":
      return `param ${reason.key}${reason.file === "inline" ? "" : ` (${reason.file})`} changed: ${value(reason.old)} → ${value(reason.new)}`;
    case "dep-changed":
      return reason.old === undefined
        ? `new dep ${reason.path}`
        : reason.new === undefined
          ? `dep removed: ${reason.path}`
          : `dep ${reason.path} changed${detailed ? ` (${short(reason.old)} → ${short(reason.new)})` : ""}`;
    case "dep-missing":
      return `dep ${reason.path} is missing`;
    case "outs-changed":
      return `outs changed${reason.added.length ? ` (+${reason.added.join(", +")})` : ""}${reason.removed.length ? ` (-${reason.removed.join(", -")})` : ""}`;
    case "out-cache-changed":
      return `out ${reason.path}: cache ${reason.old} → ${reason.new}`;
    case "out-modified":
      return `out ${reason.path} was modified${detailed ? ` (${short(reason.old)} → ${short(reason.new)})` : ""}`;
    case "out-missing":
      return `out ${reason.path} is missing${reason.restorable ? "" : " and not in the cache"}`;
    case "upstream":
      return `upstream ${reason.stages.length === 1 ? "stage" : "stages"} ${reason.stages.join(", ")} will run`;
  }
}

/** The summary reason shown on a stage's line: the first, plus a count of the rest. */
export function summarizeReasons(reasons: readonly RunReason[]): string {
  const [first, ...rest] = reasons;
  if (!first) return "unchanged";
  return rest.length === 0 ? formatReason(first) : `${formatReason(first)} (+${rest.length} more)`;
}
