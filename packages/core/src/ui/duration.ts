import { PivotError } from "../errors/pivot-error";

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60 * 1000,
  h: 60 * 60 * 1000,
  d: 24 * 60 * 60 * 1000,
  w: 7 * 24 * 60 * 60 * 1000,
};

/**
 * `30d`, `12h`, `90m`, `45s`, `2w`, `1d12h` or `0` → milliseconds. `what` names the option in the
 * error (`--keep-run-cache`).
 */
export function parseDuration(text: string, what: string): number {
  const trimmed = text.trim();
  if (trimmed === "0") return 0;
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)([smhdw])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== trimmed) {
    throw new PivotError("USAGE", `${what}: '${text}' is not a duration`, {
      hint: "Write a number with a unit: 45s, 90m, 12h, 30d, 2w (combinations like 1d12h work), or 0.",
      exitCode: 2,
    });
  }
  return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * UNIT_MS[unit!]!, 0);
}

/** A long span for messages: 90061000 → `1d 1h` (the two largest units). */
export function formatAge(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const units: Array<[string, number]> = [["d", UNIT_MS.d!], ["h", UNIT_MS.h!], ["m", UNIT_MS.m!], ["s", UNIT_MS.s!]];
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of units) {
    const amount = Math.floor(rest / size);
    if (amount > 0 || parts.length > 0) parts.push(`${amount}${unit}`);
    rest -= amount * size;
    if (parts.length === 2) break;
  }
  return parts.filter((p) => !p.startsWith("0")).join(" ") || "0s";
}
