import { readFileSync } from "node:fs";

/**
 * `:line:col` of the first syntax error in a YAML file, or "". Bun's native parser (used on hot
 * paths) does not report where it failed, so the precise parser loads only when something is wrong.
 */
export function yamlErrorPosition(file: string): string {
  try {
    const { parseDocument } = require("yaml") as typeof import("yaml");
    const at = parseDocument(readFileSync(file, "utf8"), { prettyErrors: true }).errors[0]?.linePos?.[0];
    return at ? `:${at.line}:${at.col}` : "";
  } catch {
    return "";
  }
}
