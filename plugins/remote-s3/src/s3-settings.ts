import { PivotError, type RemoteOptions } from "@pivot/core";

/** Where an S3 remote lives and how to sign in: from `remotes.<name>.*`, then S3_* / AWS_* variables. */
export interface S3Settings {
  bucket: string;
  /** Key prefix ending in `/`, or "" for the bucket root. */
  prefix: string;
  endpoint?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  virtualHostedStyle?: boolean;
  /** Objects above this size are uploaded in parts. */
  multipartThresholdBytes: number;
  partSizeBytes: number;
  /** Parts uploaded at once per large object. */
  partQueueSize: number;
}

const MiB = 1024 * 1024;

/** First non-empty value among settings (snake_case or camelCase) and environment variables. */
function pick(settings: Record<string, unknown>, keys: readonly string[], env: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = settings[key];
    if (value !== undefined && value !== null && String(value).trim() !== "") return String(value).trim();
  }
  for (const name of env) {
    const value = process.env[name];
    if (value !== undefined && value.trim() !== "") return value.trim();
  }
  return undefined;
}

function sizeMiB(settings: Record<string, unknown>, key: string, fallbackMiB: number, where: string): number {
  const raw = settings[key];
  if (raw === undefined) return fallbackMiB * MiB;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 5 || value > 5120) {
    throw new PivotError("REMOTE_INVALID", `${where}: '${key}' must be a number of MiB between 5 and 5120, not '${String(raw)}'`, {
      hint: "S3 parts are 5 MiB to 5 GiB.",
    });
  }
  return Math.round(value * MiB);
}

/** Parses `s3://bucket/prefix` and the remote's settings; never reads or prints secrets beyond passing them on. */
export function resolveS3Settings(url: URL, options: RemoteOptions): S3Settings {
  const where = `Remote '${options.name}'`;
  const bucket = url.hostname;
  if (!bucket) {
    throw new PivotError("REMOTE_INVALID", `${where}: an S3 URL needs a bucket (s3://bucket/prefix)`, { hint: "For example: pivot remote add origin s3://my-bucket/pivot-cache" });
  }
  const path = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, "");
  const s = options.settings;
  const endpoint = pick(s, ["endpoint", "endpoint_url", "endpointUrl"], ["S3_ENDPOINT", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "AWS_ENDPOINT"]);
  const hosted = pick(s, ["virtual_hosted_style", "virtualHostedStyle"], []);
  const settings: S3Settings = {
    bucket,
    prefix: path === "" ? "" : `${path}/`,
    multipartThresholdBytes: sizeMiB(s, "multipart_threshold_mb", 16, where),
    partSizeBytes: sizeMiB(s, "part_size_mb", 16, where),
    partQueueSize: Math.min(16, Math.max(1, Math.floor(options.jobs / 2))),
  };
  const region = pick(s, ["region"], ["S3_REGION", "AWS_REGION", "AWS_DEFAULT_REGION"]);
  const accessKeyId = pick(s, ["access_key_id", "accessKeyId"], ["S3_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID"]);
  const secretAccessKey = pick(s, ["secret_access_key", "secretAccessKey"], ["S3_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY"]);
  const sessionToken = pick(s, ["session_token", "sessionToken"], ["S3_SESSION_TOKEN", "AWS_SESSION_TOKEN"]);
  if (endpoint) settings.endpoint = endpoint;
  if (region) settings.region = region;
  if (accessKeyId) settings.accessKeyId = accessKeyId;
  if (secretAccessKey) settings.secretAccessKey = secretAccessKey;
  if (sessionToken) settings.sessionToken = sessionToken;
  if (hosted !== undefined) settings.virtualHostedStyle = hosted === "true";
  return settings;
}
