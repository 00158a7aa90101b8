import { PivotError, transientError } from "@pivot/core/plugin";

/** S3 error codes meaning "your credentials are wrong or lack permission". */
const AUTH_CODES = new Set([
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "AccessDenied",
  "ExpiredToken",
  "InvalidToken",
  "TokenRefreshRequired",
  "AllAccessDisabled",
  "ERR_S3_MISSING_CREDENTIALS",
  "ERR_S3_INVALID_SIGNATURE",
  "ERR_S3_INVALID_SESSION_TOKEN",
]);

/** Codes worth retrying: dropped connections, server errors, throttling. Bun reports a body-less 5xx as UnknownError. */
const TRANSIENT_CODES = new Set([
  "ConnectionRefused",
  "ConnectionClosed",
  "ConnectionReset",
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "Timeout",
  "UnknownError",
  "InternalError",
  "ServiceUnavailable",
  "SlowDown",
  "RequestTimeout",
  "RequestTimeTooSkewed",
  "Throttling",
  "ThrottlingException",
  "RequestLimitExceeded",
  "OperationAborted",
]);

export function s3CodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

export function isNoSuchKey(error: unknown): boolean {
  const code = s3CodeOf(error);
  return code === "NoSuchKey" || code === "NotFound";
}

/**
 * Turns an error of Bun's S3 client into what core understands: a PivotError for what the user
 * must fix (credentials, bucket, endpoint), a transient error for what a retry may fix. Messages
 * name the remote and the S3 code, never a key or secret.
 */
export function mapS3Error(error: unknown, remote: { name: string; url: string; endpoint?: string }, action: string): Error {
  if (error instanceof PivotError) return error;
  const code = s3CodeOf(error) ?? "unknown";
  const where = `remote '${remote.name}' (${remote.url}${remote.endpoint ? ` at ${remote.endpoint}` : ""})`;
  if (code === "ERR_S3_MISSING_CREDENTIALS") {
    return new PivotError("REMOTE_AUTH_FAILED", `No S3 credentials for ${where}`, {
      hint: "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY) in the environment, use an AWS profile (AWS_PROFILE, or remotes.<name>.profile; ~/.aws/credentials), or set remotes.<name>.access_key_id / secret_access_key in the global config (`pivot config set --global …`).",
    });
  }
  if (AUTH_CODES.has(code)) {
    return new PivotError("REMOTE_AUTH_FAILED", `S3 refused the credentials for ${where}: ${code}`, {
      hint: "Check the access key, secret and session token (AWS_* / S3_* variables, the AWS profile, or remotes.<name>.* settings) and the bucket policy; the secret itself is never printed.",
    });
  }
  if (code === "NoSuchBucket") {
    return new PivotError("REMOTE_INVALID", `Bucket of ${where} does not exist`, { hint: "Create the bucket, or fix the URL with `pivot remote add --force <name> s3://bucket/prefix`." });
  }
  if (code === "ERR_S3_INVALID_ENDPOINT" || code === "ERR_S3_INVALID_PATH" || code === "PermanentRedirect" || code === "AuthorizationHeaderMalformed") {
    return new PivotError("REMOTE_INVALID", `S3 rejected the request to ${where}: ${code}`, {
      hint: "Check remotes.<name>.endpoint and region (or S3_ENDPOINT / AWS_REGION).",
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  const at = remote.endpoint ? ` at ${remote.endpoint}` : "";
  const text = `S3 ${action} failed${at}: ${message === "an unexpected error has occurred" ? "no usable response" : message} (${code})`;
  if (TRANSIENT_CODES.has(code)) return transientError(text, error);
  return new Error(text, { cause: error });
}
