import { fstatSync } from "node:fs";
import { isQuiet } from "./output";

const DELAY_MS = 1000;
const REDRAW_MS = 200;

function stderrIsTerminal(): boolean {
  try {
    return fstatSync(2).isCharacterDevice();
  } catch {
    return false;
  }
}

/**
 * A one-line progress display on a terminal's stderr that appears only once work has taken more
 * than a second (so quick commands stay silent) and erases itself when done.
 */
export class Progress {
  readonly #label: string;
  readonly #started = performance.now();
  readonly #enabled = stderrIsTerminal() && !isQuiet();
  #lastDraw = 0;
  #shown = false;
  doneBytes = 0;
  doneItems = 0;

  constructor(label: string) {
    this.#label = label;
  }

  /** Adds finished work and redraws when due. */
  advance(bytes: number, items = 0): void {
    this.doneBytes += bytes;
    this.doneItems += items;
    if (!this.#enabled) return;
    const now = performance.now();
    if (now - this.#started < DELAY_MS || now - this.#lastDraw < REDRAW_MS) return;
    this.#lastDraw = now;
    this.#shown = true;
    const mib = (this.doneBytes / 1048576).toFixed(0);
    const rate = (this.doneBytes / 1048576 / ((now - this.#started) / 1000)).toFixed(0);
    process.stderr.write(`\r\x1b[2K${this.#label}: ${mib} MiB, ${this.doneItems} files (${rate} MiB/s)`);
  }

  /** Erases the line if it was drawn. */
  done(): void {
    if (this.#shown) process.stderr.write("\r\x1b[2K");
    this.#shown = false;
  }
}
