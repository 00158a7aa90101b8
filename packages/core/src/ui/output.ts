import { writeStdout, writeStderr } from "./std-write";
import { type ConsolaInstance, type LogObject, createConsola } from "consola/core";
import { cyan, gray, green, red, yellow } from "./colors";

/**
 * Human output goes through one consola instance on stderr (levels: quiet shows warnings and
 * errors only, verbose adds debug lines); data output (`--json`, lists, reports) goes to stdout
 * with `print`/`printJson` and is never silenced.
 */
const SYMBOLS: Record<string, (s: string) => string> = {
  success: (s) => `${green("✔")} ${s}`,
  warn: (s) => `${yellow("⚠")} ${s}`,
  error: (s) => `${red("✖")} ${s}`,
  fatal: (s) => `${red("✖")} ${s}`,
  debug: (s) => gray(s),
  trace: (s) => gray(s),
};

function render(logObj: LogObject): string {
  const text = logObj.args.map((a) => (typeof a === "string" ? a : Bun.inspect(a))).join(" ");
  const styled = SYMBOLS[logObj.type]?.(text) ?? text;
  const hint = (logObj as LogObject & { hint?: string }).hint;
  return hint ? `${styled}\n  ${cyan(hint)}` : styled;
}

// silent: nothing at all on stderr, for output a tool reads (shell completion candidates).
const LEVELS = { silent: -999, quiet: 1, normal: 3, verbose: 4 } as const;
let level: keyof typeof LEVELS = "normal";

export const logger: ConsolaInstance = createConsola({
  level: LEVELS.normal,
  reporters: [{ log: (logObj) => writeStderr(`${render(logObj)}\n`) }],
});

export function setOutputLevel(next: keyof typeof LEVELS): void {
  level = next;
  logger.level = LEVELS[next];
}

export function isQuiet(): boolean {
  return level === "quiet" || level === "silent";
}

export function isVerbose(): boolean {
  return level === "verbose";
}

/** Data or results: always stdout. */
export function print(text = ""): void {
  writeStdout(`${text}\n`);
}

/** Prints a value as JSON on stdout. */
export function printJson(value: unknown): void {
  writeStdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** Progress and remarks for people (hidden by --quiet). */
export function info(text: string): void {
  logger.log(text);
}

export function success(text: string): void {
  logger.success(text);
}

/** Only with --verbose. */
export function debug(text: string): void {
  logger.debug(text);
}

export function warn(text: string, hint?: string): void {
  logger.warn({ args: [text], hint } as never);
}

export function error(text: string, hint?: string): void {
  logger.error({ args: [text], hint } as never);
}
