import { fstatSync } from "node:fs";

/** ANSI styling that turns itself off for NO_COLOR, non-TTY output and `--no-color`. */
let enabled = !process.env.NO_COLOR && stdoutIsTerminal();

/** Whether fd 1 is a terminal; fstat is far cheaper than creating `process.stdout` at start-up. */
export function stdoutIsTerminal(): boolean {
  try {
    return fstatSync(1).isCharacterDevice();
  } catch {
    return false;
  }
}

export function setColorEnabled(on: boolean): void {
  enabled = on;
}

function style(open: number, close: number) {
  return (text: string): string => (enabled ? `\x1b[${open}m${text}\x1b[${close}m` : text);
}

export const bold = style(1, 22);
export const dim = style(2, 22);
export const red = style(31, 39);
export const green = style(32, 39);
export const yellow = style(33, 39);
export const cyan = style(36, 39);
export const gray = style(90, 39);
