import type { StageContext } from "./stage-context";
import type { YamlPath } from "./yaml-document";
import { describeType, pipelineError, unknownKeyError } from "./yaml-errors";

export function isPlainMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A stage list field (`deps`, `outs`, …): absent or empty → [], otherwise it must be a list. */
export function stageList(ctx: StageContext, key: string, value: unknown, what: string, example: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw pipelineError(ctx.where([key]), `${key} must be a list of ${what}, got ${describeType(value)}`, `Write ${key}: ${example}.`);
  }
  return value;
}

/** A non-empty string at `path`, as written. */
export function requireString(ctx: StageContext, path: YamlPath, field: string, value: unknown, example: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    const got = typeof value === "string" ? "an empty string" : describeType(value);
    throw pipelineError(ctx.where(path), `${field} must be a non-empty string, got ${got}`, `Write ${example}.`);
  }
  return value;
}

/** A non-empty string at `path`, interpolated. */
export function stageString(ctx: StageContext, path: YamlPath, field: string, value: unknown, example: string): string {
  return ctx.text(requireString(ctx, path, field, value, example), path, field);
}

export function stageBoolean(ctx: StageContext, path: YamlPath, field: string, value: unknown): boolean {
  if (typeof value !== "boolean") {
    throw pipelineError(ctx.where(path), `${field} must be true or false, got ${describeType(value)}`, `Write ${String(path.at(-1))}: true or false.`);
  }
  return value;
}

/** Throws on the first key of `map` outside `known`. */
export function checkKeys(ctx: StageContext, path: YamlPath, map: Record<string, unknown>, section: string, known: readonly string[]): void {
  for (const key of Object.keys(map)) {
    if (!known.includes(key)) throw unknownKeyError(ctx.where([...path, key]), key, section, known);
  }
}
