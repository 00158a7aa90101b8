import { writeStderr } from "./std-write";
import { fstatSync } from "node:fs";
import { formatBytes } from "./format-bytes";
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
    const rate = formatBytes(this.doneBytes / ((now - this.#started) / 1000));
    writeStderr(`\r\x1b[2K${this.#label}: ${formatBytes(this.doneBytes)}, ${this.doneItems} files (${rate}/s)`);
  }

  /** Erases the line if it was drawn. */
  done(): void {
    if (this.#shown) writeStderr("\r\x1b[2K");
    this.#shown = false;
  }
}
