import { PivotError, type RemoteOptions } from "@pivot/core/plugin";
import { type AwsProfile, awsSharedFiles, dynamicProfileError, readAwsProfile } from "./aws-profile";

/**
 * Where an S3 remote lives and how to sign in: from `remotes.<name>.*`, its AWS `profile`, S3_* /
 * AWS_* variables, then the AWS_PROFILE (or default) profile of ~/.aws/credentials and ~/.aws/config.
 */
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

/** First non-empty value among the remote's settings (snake_case or camelCase spellings). */
function setting(settings: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = settings[key];
    if (value !== undefined && value !== null && String(value).trim() !== "") return String(value).trim();
  }
  return undefined;
}

/** First non-empty environment variable among `names`. */
function env(...names: string[]): string | undefined {
  for (const name of names) {
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
  const hosted = setting(s, "virtual_hosted_style", "virtualHostedStyle");
  const settings: S3Settings = {
    bucket,
    prefix: path === "" ? "" : `${path}/`,
    multipartThresholdBytes: sizeMiB(s, "multipart_threshold_mb", 16, where),
    partSizeBytes: sizeMiB(s, "part_size_mb", 16, where),
    partQueueSize: Math.min(16, Math.max(1, Math.floor(options.jobs / 2))),
  };
  // Each value: the remote's setting, its `profile`, the environment, then AWS_PROFILE's profile.
  const { explicit, implicit } = profilesFor(s, where);
  const endpoint =
    setting(s, "endpoint", "endpoint_url", "endpointUrl") ??
    explicit?.endpoint ??
    env("S3_ENDPOINT", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "AWS_ENDPOINT") ??
    implicit?.endpoint;
  const region = setting(s, "region") ?? explicit?.region ?? env("S3_REGION", "AWS_REGION", "AWS_DEFAULT_REGION") ?? implicit?.region;
  if (endpoint) settings.endpoint = endpoint;
  if (region) settings.region = region;
  Object.assign(settings, credentialsFrom(s, options.name, explicit, implicit));
  if (hosted !== undefined) settings.virtualHostedStyle = hosted === "true";
  return settings;
}

type Credentials = Pick<S3Settings, "accessKeyId" | "secretAccessKey" | "sessionToken">;

/**
 * The AWS shared-files profiles that apply: `explicit` from the remote's `profile` setting (it
 * comes before the environment, like the AWS CLI's --profile), `implicit` from AWS_PROFILE or
 * `default` (after the environment). A named profile that does not exist is an error.
 */
function profilesFor(s: Record<string, unknown>, where: string): { explicit?: AwsProfile; implicit?: AwsProfile } {
  const explicitName = setting(s, "profile");
  const name = explicitName ?? env("AWS_PROFILE") ?? "default";
  const profile = readAwsProfile(name);
  if (!profile && name !== "default") {
    const files = awsSharedFiles();
    throw new PivotError("REMOTE_INVALID", `${where}: AWS profile '${name}' (from ${explicitName ? "its profile setting" : "AWS_PROFILE"}) is in neither ${files.credentials} nor ${files.config}`, {
      hint: "Create it with `aws configure --profile <name>`, or fix the name.",
    });
  }
  return explicitName ? { explicit: profile } : { implicit: profile };
}

/**
 * Access key, secret and token come together from the first source that has an access key: the
 * remote's settings, its `profile`, S3_* / AWS_* variables, then AWS_PROFILE's (or the default)
 * profile — never a key from one source with a secret from another. A profile reached first that
 * gets its keys through SSO, a role or a process is an error saying how to export them.
 */
function credentialsFrom(s: Record<string, unknown>, remote: string, explicit: AwsProfile | undefined, implicit: AwsProfile | undefined): Credentials {
  const fromSettings: Credentials = {
    accessKeyId: setting(s, "access_key_id", "accessKeyId"),
    secretAccessKey: setting(s, "secret_access_key", "secretAccessKey"),
    sessionToken: setting(s, "session_token", "sessionToken"),
  };
  const fromEnv: Credentials = {
    accessKeyId: env("S3_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID"),
    secretAccessKey: env("S3_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY"),
    sessionToken: env("S3_SESSION_TOKEN", "AWS_SESSION_TOKEN"),
  };
  let chosen: Credentials = fromSettings;
  for (const source of [fromSettings, explicit, fromEnv, implicit]) {
    if (source?.accessKeyId) {
      chosen = source;
      break;
    }
    if (source && "dynamicSource" in source && source.dynamicSource) throw dynamicProfileError(remote, source as AwsProfile);
  }
  const result: Credentials = {};
  if (chosen.accessKeyId) result.accessKeyId = chosen.accessKeyId;
  if (chosen.secretAccessKey) result.secretAccessKey = chosen.secretAccessKey;
  if (chosen.sessionToken) result.sessionToken = chosen.sessionToken;
  return result;
}
