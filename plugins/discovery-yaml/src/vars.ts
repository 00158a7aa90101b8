import { readFile } from "node:fs/promises";
import { errorMessage, fromProjectPath, resolveDeclaredPath } from "@pivot/core/internal";
import type { VarScope } from "./interpolate";
import { isPlainMap } from "./value-checks";
import type { YamlPath } from "./yaml-document";
import { parseYamlSource } from "./yaml-document";
import { type Where, describeType, pipelineError } from "./yaml-errors";

export interface VarsContext {
  projectRoot: string;
  /** Project-relative pipeline folder; vars files are relative to it. */
  pipelineDir: string;
  /** Project-relative pipeline file, for messages. */
  file: string;
  lineOf(path: YamlPath): number | undefined;
}

/**
 * Builds the `${…}` scope from the top-level `vars:` — a list of files (YAML or JSON, relative to
 * the pipeline folder) and inline maps; a single file or map is accepted too. Later entries
 * override earlier ones key by key (nested maps are merged).
 */
export async function loadVars(value: unknown, ctx: VarsContext): Promise<VarScope> {
  if (value === undefined || value === null) return {};
  const entries = Array.isArray(value) ? value : [value];
  let scope: Record<string, unknown> = {};
  for (const [index, entry] of entries.entries()) {
    const where: Where = { file: ctx.file, line: ctx.lineOf(Array.isArray(value) ? ["vars", index] : ["vars"]) };
    if (typeof entry === "string") scope = mergeVars(scope, await readVarsFile(entry, where, ctx));
    else if (isPlainMap(entry)) scope = mergeVars(scope, entry);
    else {
      throw pipelineError(
        where,
        `vars item ${index + 1} must be a file path or a map, got ${describeType(entry)}`,
        "Write vars: [vars.yaml, {name: value}].",
      );
    }
  }
  return scope;
}

async function readVarsFile(raw: string, where: Where, ctx: VarsContext): Promise<Record<string, unknown>> {
  const { path } = resolveDeclaredPath(ctx.projectRoot, ctx.pipelineDir, raw, {
    role: "vars file",
    where: `${ctx.file}${where.line === undefined ? "" : `:${where.line}`}`,
  });
  let text: string;
  try {
    text = await readFile(fromProjectPath(ctx.projectRoot, path), "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw pipelineError(
      where,
      missing ? `vars file '${raw}' not found (looked for ${path})` : `cannot read vars file '${raw}': ${errorMessage(error)}`,
      missing ? `Create ${path}, or fix the path (it is relative to the pipeline folder).` : `Check that ${path} is a readable file.`,
    );
  }
  const data = parseYamlSource(text, path).data;
  if (data === null || data === undefined) return {};
  if (!isPlainMap(data)) {
    throw pipelineError({ file: path }, `vars file must hold a map of names to values, got ${describeType(data)}`, "Write `name: value` lines at the top level.");
  }
  return data;
}

/** `over` laid on `base`: maps merge key by key, anything else is replaced. */
function mergeVars(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const previous = Object.hasOwn(merged, key) ? merged[key] : undefined;
    const next = isPlainMap(previous) && isPlainMap(value) ? mergeVars(previous, value) : value;
    // defineProperty, not assignment: a `__proto__` key stays an ordinary key.
    Object.defineProperty(merged, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return merged;
}
