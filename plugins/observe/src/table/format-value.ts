/** How values look in text and markdown tables. */

/** Rounds a number to `precision` digits after the point (no trailing zeros). */
export function roundNumber(value: number, precision: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return value;
  return Number(value.toFixed(precision));
}

/** A cell: numbers rounded, strings as they are, maps and lists as JSON, nothing as `-`. */
export function formatValue(value: unknown, precision: number): string {
  if (value === undefined || value === null) return "-";
  if (typeof value === "number") return String(roundNumber(value, precision));
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** A delta cell: signed (`+0.05`, `-2`), or `-` when there is none. */
export function formatDelta(delta: number | undefined, precision: number): string {
  if (delta === undefined) return "-";
  const rounded = roundNumber(delta, precision);
  return rounded > 0 ? `+${rounded}` : String(rounded);
}

/** new − old for two numbers (booleans excluded), without float noise (`0.30000000000000004`). */
export function deltaOf(oldValue: unknown, newValue: unknown): number | undefined {
  if (typeof oldValue !== "number" || typeof newValue !== "number") return undefined;
  return Number((newValue - oldValue).toPrecision(12));
}
