/**
 * Writes YAML for files pivot generates (lock files, tracking files): maps, lists and scalars only,
 * every string double-quoted (so hashes like `1e10` or `0123` never change type), keys plain when
 * safe. Deterministic and fast; read back with `Bun.YAML.parse`.
 */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.\-]*$/;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : JSON.stringify(String(value));
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value);
}

function key(name: string): string {
  return PLAIN_KEY.test(name) && !/^(true|false|null|yes|no|on|off|~)$/i.test(name) ? name : JSON.stringify(name);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function emit(value: unknown, indent: string, out: string[], prefix: string): void {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push(`${prefix} []`);
      return;
    }
    if (prefix) out.push(prefix);
    for (const item of value) {
      if (isMap(item) && Object.keys(item).length > 0) {
        const entries = Object.entries(item);
        entries.forEach(([k, v], i) => emit(v, `${indent}  `, out, `${indent}${i === 0 ? "- " : "  "}${key(k)}:`));
      } else {
        emit(item, `${indent}  `, out, `${indent}-`);
      }
    }
    return;
  }
  if (isMap(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) {
      out.push(`${prefix} {}`);
      return;
    }
    if (prefix) out.push(prefix);
    for (const [k, v] of entries) emit(v, `${indent}  `, out, `${prefix ? indent : ""}${key(k)}:`);
    return;
  }
  out.push(`${prefix} ${scalar(value)}`);
}

/** YAML text of a map, with a trailing newline. */
export function toMachineYaml(document: Record<string, unknown>): string {
  const out: string[] = [];
  for (const [k, v] of Object.entries(document)) emit(v, "  ", out, `${key(k)}:`);
  return `${out.join("\n")}\n`;
}
