/** `console.log`-style formatting (`%s %d %i %f %j %o %O %%`), without loading node:util. */
export function formatLogArgs(args: readonly unknown[]): string {
  const show = (value: unknown) => (typeof value === "string" ? value : Bun.inspect(value));
  const [first, ...rest] = args;
  if (typeof first !== "string" || !first.includes("%")) return args.map(show).join(" ");
  let index = 0;
  const head = first.replace(/%([sdifjoO%])/g, (match, spec: string) => {
    if (spec === "%") return "%";
    if (index >= rest.length) return match;
    const value = rest[index++];
    if (spec === "s") return typeof value === "string" ? value : Bun.inspect(value);
    if (spec === "d" || spec === "i") return String(spec === "i" ? Math.trunc(Number(value)) : Number(value));
    if (spec === "f") return String(Number(value));
    if (spec === "j") return JSON.stringify(value) ?? "undefined";
    return Bun.inspect(value);
  });
  return [head, ...rest.slice(index).map(show)].join(" ");
}

type Emit = (stream: "stdout" | "stderr", text: string) => void;

/** Splits written text into lines; a partial line waits for the rest (or `flush`). */
class LineBuffer {
  #pending = "";
  constructor(
    private readonly stream: "stdout" | "stderr",
    private readonly emit: Emit,
  ) {}

  write(text: string): void {
    const lines = (this.#pending + text).split("\n");
    this.#pending = lines.pop() ?? "";
    for (const line of lines) this.emit(this.stream, line.replace(/\r$/, ""));
  }

  flush(): void {
    if (this.#pending !== "") this.emit(this.stream, this.#pending);
    this.#pending = "";
  }
}

/**
 * Routes `console.*`, `process.stdout.write` and `process.stderr.write` of code running in this
 * worker to `emit`, one call per line, like a cmd stage's output. Returns `flush` for the end of a job.
 */
export function captureConsole(emit: Emit): () => void {
  const out = new LineBuffer("stdout", emit);
  const err = new LineBuffer("stderr", emit);
  const toOut = (...args: unknown[]) => out.write(`${formatLogArgs(args)}\n`);
  const toErr = (...args: unknown[]) => err.write(`${formatLogArgs(args)}\n`);
  Object.assign(console, {
    log: toOut,
    info: toOut,
    debug: toOut,
    warn: toErr,
    error: toErr,
    trace: (...args: unknown[]) => toErr(formatLogArgs(["Trace:", ...args])),
    dir: (value: unknown) => out.write(`${Bun.inspect(value)}\n`),
    table: (value: unknown) => out.write(`${Bun.inspect(value)}\n`),
  });
  const writer = (buffer: LineBuffer) => (chunk: string | Uint8Array, ...rest: unknown[]) => {
    buffer.write(typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk));
    const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
    callback?.();
    return true;
  };
  (process.stdout as { write: unknown }).write = writer(out);
  (process.stderr as { write: unknown }).write = writer(err);
  return () => {
    out.flush();
    err.flush();
  };
}
