/** Stable error codes. Scripts and tests may match on them; never rename one. */
export type PivotErrorCode =
  | "PROJECT_NOT_FOUND"
  | "PROJECT_EXISTS"
  | "CONFIG_INVALID"
  | "CONFIG_KEY_UNKNOWN"
  | "PLUGIN_NOT_FOUND"
  | "PLUGIN_INVALID"
  | "PLUGIN_FAILED"
  | "PIPELINE_NOT_FOUND"
  | "PIPELINE_AMBIGUOUS"
  | "PIPELINE_INVALID"
  | "PATH_INVALID"
  | "STAGE_NOT_FOUND"
  | "STAGE_NAME_INVALID"
  | "STAGE_DUPLICATE"
  | "STAGE_NOT_EDITABLE"
  | "GRAPH_CYCLE"
  | "OUTPUT_DUPLICATE"
  | "OUTPUT_OVERLAP"
  | "DEPENDENCY_MISSING"
  | "PARAMS_INVALID"
  | "LOCK_INVALID"
  | "STATE_DB_FAILED"
  | "HASH_FAILED"
  | "CACHE_MISSING"
  | "CACHE_CORRUPT"
  | "CACHE_IO_FAILED"
  | "OUTPUT_MISSING"
  | "STAGE_FAILED"
  | "RUN_FAILED"
  | "RUN_INTERRUPTED"
  | "USAGE"
  | "REMOTE_NOT_FOUND"
  | "REMOTE_INVALID"
  | "REMOTE_AUTH_FAILED"
  | "REMOTE_UNAVAILABLE"
  | "REMOTE_FAILED"
  | "REMOTE_READONLY"
  | "REMOTE_TIMEOUT"
  | "TARGET_NOT_FOUND"
  | "TRANSFER_FAILED"
  | "REVISION_NOT_FOUND"
  | "GIT_FAILED"
  | "METRICS_INVALID"
  | "PLOT_INVALID"
  | "DVC_INVALID"
  | "FILE_EXISTS"
  | "FILE_NOT_FOUND"
  | "PATH_OUTSIDE_PROJECT"
  | "UI_LISTEN_FAILED"
  | "INTERNAL";

export interface PivotErrorOptions {
  /** One line telling the user what to do next. */
  hint?: string;
  cause?: unknown;
  /** Process exit code the CLI uses (default 1). */
  exitCode?: number;
}

/** Marks PivotErrors (`Symbol.for`, so every copy of @pivot/core in the process agrees). */
const PIVOT_ERROR_BRAND: unique symbol = Symbol.for("pivot.error");

/**
 * The one error type pivot throws on purpose. The CLI prints `message` (and `hint`) without a
 * stack trace; `--verbose` adds the stack. `instanceof PivotError` also holds for an error thrown
 * by another copy of @pivot/core (a plugin's or a pipeline's own), so it is reported the same way.
 */
export class PivotError extends Error {
  static override [Symbol.hasInstance](value: unknown): value is PivotError {
    return typeof value === "object" && value !== null && (value as { [PIVOT_ERROR_BRAND]?: unknown })[PIVOT_ERROR_BRAND] === true;
  }

  /** On the prototype, so it is not printed with the error's own properties. */
  get [PIVOT_ERROR_BRAND](): true {
    return true;
  }

  readonly code: PivotErrorCode;
  readonly hint?: string;
  readonly exitCode: number;
  /** Name of the plugin the error came from, when re-thrown by the plugin host. */
  plugin?: string;
  /**
   * Set on a plugin's failure that a later attempt may get past (a remote's dropped connection,
   * re-thrown by the plugin host): core's retries treat it as the original failure.
   */
  transient?: boolean;

  constructor(code: PivotErrorCode, message: string, options: PivotErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PivotError";
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }
}

export function isPivotError(error: unknown): error is PivotError {
  return error instanceof PivotError;
}

/** Message of any thrown value, for embedding in a PivotError. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
