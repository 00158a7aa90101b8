/** Where user code called into the pipeline API, read from the stack (Bun maps it to the TS source). */
export interface CallSite {
  /** Absolute path of the file. */
  file: string;
  line: number;
  column: number;
}

const API_DIR = import.meta.dir;
const FRAME = /\(?((?:file:\/\/)?\/[^()\s]*?):(\d+):(\d+)\)?\s*$/;

/** pivot's own API modules (their tests, living beside them, count as user code). */
function isApiFile(file: string): boolean {
  return file.startsWith(`${API_DIR}/`) && !file.endsWith(".test.ts");
}

/** Absolute file of a stack frame location, without `file://` or a `?query`. */
export function cleanFramePath(raw: string): string {
  const path = raw.startsWith("file://") ? decodeURIComponent(raw.slice("file://".length)) : raw;
  const query = path.indexOf("?");
  return query === -1 ? path : path.slice(0, query);
}

/** Frames of a stack as file/line/column, skipping native and anonymous ones. */
export function stackFrames(stack: string | undefined): Array<CallSite & { fn?: string }> {
  const frames: Array<CallSite & { fn?: string }> = [];
  for (const text of (stack ?? "").split("\n")) {
    const trimmed = text.trim();
    if (!trimmed.startsWith("at ")) continue;
    const match = FRAME.exec(trimmed);
    if (!match) continue;
    const fnMatch = /^at (.+?) \(/.exec(trimmed);
    const fn = fnMatch?.[1];
    frames.push({ file: cleanFramePath(match[1]!), line: Number(match[2]), column: Number(match[3]), ...(fn && fn !== "<anonymous>" ? { fn } : {}) });
  }
  return frames;
}

/**
 * The first frame outside pivot's API files: the user's `new Pipeline()` or `pipeline.stage()`
 * call. Undefined when the stack has none (a tail call can hide the caller's frame).
 */
export function callerLocation(): CallSite | undefined {
  const limit = Error.stackTraceLimit;
  // Few frames keep this cheap (~25 µs): the caller is the third frame (callerLocation, stage, user).
  Error.stackTraceLimit = 4;
  let stack: string | undefined;
  try {
    stack = new Error().stack;
  } finally {
    Error.stackTraceLimit = limit;
  }
  const frame = stackFrames(stack).find((f) => !isApiFile(f.file));
  return frame ? { file: frame.file, line: frame.line, column: frame.column } : undefined;
}
