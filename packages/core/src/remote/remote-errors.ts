import { PivotError, errorMessage } from "../errors/pivot-error";

/** Error codes of network failures worth retrying (Node, Bun fetch and Bun S3 spellings). */
const TRANSIENT_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ConnectionRefused",
  "ConnectionClosed",
  "ConnectionReset",
  "ConnectionTimeout",
  "Timeout",
  "FailedToOpenSocket",
  "UND_ERR_SOCKET",
]);

/** A failure worth retrying; backends throw it (or set `transient: true` on their own error). */
export function transientError(message: string, cause?: unknown): Error & { transient: true } {
  const error = new Error(message, cause === undefined ? undefined : { cause }) as Error & { transient: true };
  error.transient = true;
  return error;
}

/** True for a dropped connection, a 5xx, throttling: anything a later attempt may get past. */
export function isTransientError(error: unknown): boolean {
  if (error instanceof PivotError) return error.transient === true;
  if (error === null || typeof error !== "object") return false;
  const { transient, code, status, statusCode } = error as { transient?: unknown; code?: unknown; status?: unknown; statusCode?: unknown };
  if (typeof transient === "boolean") return transient;
  if (typeof code === "string" && TRANSIENT_CODES.has(code)) return true;
  const httpStatus = typeof status === "number" ? status : typeof statusCode === "number" ? statusCode : undefined;
  return httpStatus !== undefined && (httpStatus >= 500 || httpStatus === 429);
}

/** True for failures that stop the whole transfer (credentials, a missing bucket, an unreachable remote). */
export function isFatalRemoteError(error: unknown): boolean {
  return (
    error instanceof PivotError &&
    (error.code === "REMOTE_AUTH_FAILED" || error.code === "REMOTE_INVALID" || error.code === "REMOTE_UNAVAILABLE" || error.code === "REMOTE_NOT_FOUND" || error.code === "REMOTE_TIMEOUT")
  );
}

/** One line describing a failure, with the error code when it adds something. */
export function describeFailure(error: unknown): string {
  const message = errorMessage(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof PivotError || typeof code !== "string" || message.includes(code)) return message;
  return `${message} (${code})`;
}

/** Removes `user:password@` from a URL before it is shown. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1");
}

/**
 * A failure that ends a whole remote operation, as a PivotError: kept as is when it already is
 * one, REMOTE_UNAVAILABLE after retries of a transient failure, REMOTE_FAILED otherwise.
 */
export function remoteOperationFailure(error: unknown, remote: { name: string; displayUrl: string }): PivotError {
  if (error instanceof PivotError && !error.transient) return error;
  if (isTransientError(error)) {
    return new PivotError("REMOTE_UNAVAILABLE", `Remote '${remote.name}' (${remote.displayUrl}) is not answering: ${describeFailure(error)}`, {
      hint: "Check the endpoint and the network, then run the command again; nothing already transferred is lost.",
      cause: error,
    });
  }
  return new PivotError("REMOTE_FAILED", `Remote '${remote.name}' (${remote.displayUrl}) failed: ${describeFailure(error)}`, { cause: error });
}
