import { closeSync, existsSync, openSync, readSync } from "node:fs";

/** Follows a log file a job appends to: each `read()` returns the complete lines added since the last. */
export class LogTail {
  readonly #file: string;
  #offset = 0;
  #partial = "";
  readonly #decoder = new TextDecoder();

  constructor(file: string) {
    this.#file = file;
  }

  /** New complete lines; with `final`, the unterminated last line too. */
  read(final = false): string[] {
    if (existsSync(this.#file)) {
      const fd = openSync(this.#file, "r");
      try {
        const buffer = Buffer.alloc(64 * 1024);
        for (;;) {
          const n = readSync(fd, buffer, 0, buffer.length, this.#offset);
          if (n <= 0) break;
          this.#offset += n;
          this.#partial += this.#decoder.decode(buffer.subarray(0, n), { stream: true });
        }
      } finally {
        closeSync(fd);
      }
    }
    const lines = this.#partial.split("\n");
    this.#partial = lines.pop() ?? "";
    if (final && this.#partial !== "") {
      lines.push(this.#partial);
      this.#partial = "";
    }
    return lines.map((l) => l.replace(/\r$/, ""));
  }
}
