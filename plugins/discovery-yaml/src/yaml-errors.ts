import { PivotError, type PivotErrorCode, didYouMean } from "@pivot/core/internal";
import type { YAMLError } from "yaml";

/** Where something was written: the project-relative file, and the stage and line when known. */
export interface Where {
  file: string;
  line?: number;
  stage?: string;
}

/** `pivot.yaml:12: stage 'train'`, `pivot.yaml: stage 'train'` or `pivot.yaml:3`. */
export function describeWhere(where: Where): string {
  const position = where.line === undefined ? where.file : `${where.file}:${where.line}`;
  return where.stage === undefined ? position : `${position}: stage '${where.stage}'`;
}

/** The error every problem in a pipeline file becomes: `<where>: <what>`, plus what to do. */
export function pipelineError(
  where: Where,
  what: string,
  hint: string,
  code: PivotErrorCode = "PIPELINE_INVALID",
): PivotError {
  return new PivotError(code, `${describeWhere(where)}: ${what}`, { hint });
}

/** An unknown key, with a did-you-mean over the keys that section accepts. */
export function unknownKeyError(where: Where, key: string, section: string, known: readonly string[]): PivotError {
  const suggestion = didYouMean(key, known);
  const list = `Valid ${section} keys: ${known.join(", ")}.`;
  return pipelineError(where, `unknown ${section} key '${key}'`, suggestion ? `${suggestion} ${list}` : list);
}

/** "a string", "a list", "a map", … for "must be X, got Y" messages. */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return "nothing (an empty value)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  if (typeof value === "bigint") return "a number";
  return `a ${typeof value}`;
}

/** A YAML syntax error as `<file>:<line>:<col>: <problem>`; `text` is the file's source. */
export function yamlSyntaxError(file: string, error: YAMLError, text: string): PivotError {
  const start = error.linePos?.[0];
  const position = start ? `${file}:${start.line}:${start.col}` : file;
  // The yaml package appends " at line L, column C:" and a source excerpt; keep the first part.
  const problem = error.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? error.message;
  const sourceLine = start ? (text.split(/\r?\n/)[start.line - 1] ?? "") : "";
  // `[models/${model}.bin]` is not valid YAML: `{` and `}` end an unquoted value inside [...] or {...}.
  const flowHint = /[[{].*\$\{/.test(sourceLine)
    ? " Inside [...] or {...}, quote values that contain ${...} ('models/${model}.bin'), or write one '- item' per line."
    : "";
  return new PivotError("PIPELINE_INVALID", `${position}: YAML syntax error: ${problem}`, {
    hint: start
      ? `Fix the YAML at line ${start.line} of ${file} (check indentation, quotes and brackets).${flowHint}`
      : `Fix the YAML syntax of ${file}.`,
  });
}
