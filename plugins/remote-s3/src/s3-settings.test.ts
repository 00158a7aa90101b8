import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PivotError, isTransientError } from "@pivot/core/internal";
import { parseIni } from "./aws-profile";
import { mapS3Error } from "./s3-errors";
import { resolveS3Settings } from "./s3-settings";

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (/^(AWS|S3)_/.test(key) && !(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

function options(settings: Record<string, unknown> = {}) {
  return { name: "origin", settings, projectRoot: "/p", jobs: 8 };
}

const awsDir = mkdtempSync(join(tmpdir(), "pivot-aws-"));
afterAll(() => rmSync(awsDir, { recursive: true, force: true }));

/** Points the AWS shared files at temp copies with these contents (and clears key variables). */
function awsFiles(credentials: string, config: string): void {
  writeFileSync(join(awsDir, "credentials"), credentials);
  writeFileSync(join(awsDir, "config"), config);
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(awsDir, "credentials");
  process.env.AWS_CONFIG_FILE = join(awsDir, "config");
  for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "S3_REGION"]) {
    delete process.env[name];
  }
}

const CREDENTIALS = `# managed by aws configure
[default]
aws_access_key_id = AKIADEFAULT
aws_secret_access_key = secret-default

[ci]
aws_access_key_id=AKIACI
aws_secret_access_key=secret-ci
aws_session_token = token-ci

[sso-user]
`;

const CONFIG = `[default]
region = eu-central-1
s3 =
  max_concurrent_requests = 20

[profile ci]
region = us-west-2
endpoint_url = http://minio.ci:9000

; a profile that signs in through SSO
[profile sso-user]
sso_session = corp
region = eu-west-3
`;

describe("S3 credentials from the AWS shared files", () => {
  test("the INI reader keeps sections and keys and skips comments and nested settings", () => {
    const ini = parseIni(CONFIG);
    expect(ini.get("default")?.get("region")).toBe("eu-central-1");
    expect(ini.get("default")?.has("max_concurrent_requests")).toBe(false);
    expect(ini.get("profile ci")?.get("endpoint_url")).toBe("http://minio.ci:9000");
  });

  test("without keys in the environment the default profile signs in, with its region", () => {
    awsFiles(CREDENTIALS, CONFIG);
    expect(resolveS3Settings(new URL("s3://b/p"), options())).toMatchObject({ accessKeyId: "AKIADEFAULT", secretAccessKey: "secret-default", region: "eu-central-1" });
  });

  test("keys in the environment win over AWS_PROFILE's profile; AWS_PROFILE picks the profile otherwise", () => {
    awsFiles(CREDENTIALS, CONFIG);
    process.env.AWS_PROFILE = "ci";
    const fromProfile = resolveS3Settings(new URL("s3://b/p"), options());
    expect(fromProfile).toMatchObject({ accessKeyId: "AKIACI", secretAccessKey: "secret-ci", sessionToken: "token-ci", region: "us-west-2", endpoint: "http://minio.ci:9000" });
    process.env.AWS_ACCESS_KEY_ID = "AKIAENV";
    process.env.AWS_SECRET_ACCESS_KEY = "secret-env";
    const fromEnv = resolveS3Settings(new URL("s3://b/p"), options());
    // key, secret and token come from one source: no token from the profile with the env's key
    expect(fromEnv.accessKeyId).toBe("AKIAENV");
    expect(fromEnv.secretAccessKey).toBe("secret-env");
    expect(fromEnv.sessionToken).toBeUndefined();
  });

  test("a remote's own profile setting wins over the environment", () => {
    awsFiles(CREDENTIALS, CONFIG);
    process.env.AWS_ACCESS_KEY_ID = "AKIAENV";
    process.env.AWS_SECRET_ACCESS_KEY = "secret-env";
    process.env.AWS_REGION = "ap-south-1";
    expect(resolveS3Settings(new URL("s3://b/p"), options({ profile: "ci" }))).toMatchObject({ accessKeyId: "AKIACI", region: "us-west-2" });
    expect(resolveS3Settings(new URL("s3://b/p"), options({ profile: "ci", region: "sa-east-1" })).region).toBe("sa-east-1");
  });

  test("a named profile that does not exist is an error naming both files", () => {
    awsFiles(CREDENTIALS, CONFIG);
    process.env.AWS_PROFILE = "nope";
    const attempt = () => resolveS3Settings(new URL("s3://b/p"), options());
    expect(attempt).toThrow("AWS profile 'nope' (from AWS_PROFILE) is in neither");
    expect(attempt).toThrow(join(awsDir, "credentials"));
  });

  test("an SSO profile is an error saying how to export its credentials, unless keys come first", () => {
    awsFiles(CREDENTIALS, CONFIG);
    process.env.AWS_PROFILE = "sso-user";
    let caught: unknown;
    try {
      resolveS3Settings(new URL("s3://b/p"), options());
    } catch (error) {
      caught = error;
    }
    expect((caught as PivotError).code).toBe("REMOTE_AUTH_FAILED");
    expect((caught as PivotError).message).toContain("AWS profile 'sso-user' gets its credentials through sso_session");
    expect((caught as PivotError).hint).toContain("aws configure export-credentials --profile sso-user");
    process.env.AWS_ACCESS_KEY_ID = "AKIAENV";
    process.env.AWS_SECRET_ACCESS_KEY = "secret-env";
    expect(resolveS3Settings(new URL("s3://b/p"), options()).accessKeyId).toBe("AKIAENV");
  });
});

describe("S3 settings", () => {
  test("bucket and prefix come from the URL", () => {
    expect(resolveS3Settings(new URL("s3://my-bucket/team/cache/"), options())).toMatchObject({ bucket: "my-bucket", prefix: "team/cache/" });
    expect(resolveS3Settings(new URL("s3://my-bucket"), options()).prefix).toBe("");
  });

  test("remote settings win over S3_* which win over AWS_* variables", () => {
    process.env.AWS_REGION = "eu-west-1";
    process.env.S3_REGION = "us-west-2";
    process.env.AWS_ENDPOINT_URL = "http://aws-env:9000";
    const fromEnv = resolveS3Settings(new URL("s3://b/p"), options());
    expect(fromEnv.region).toBe("us-west-2");
    expect(fromEnv.endpoint).toBe("http://aws-env:9000");
    const fromSettings = resolveS3Settings(new URL("s3://b/p"), options({ region: "ap-south-1", endpoint: "http://minio:9000", part_size_mb: 32 }));
    expect(fromSettings.region).toBe("ap-south-1");
    expect(fromSettings.endpoint).toBe("http://minio:9000");
    expect(fromSettings.partSizeBytes).toBe(32 * 1024 * 1024);
  });

  test("a part size outside S3's limits is refused", () => {
    expect(() => resolveS3Settings(new URL("s3://b/p"), options({ part_size_mb: 1 }))).toThrow("between 5 and 5120");
  });
});

describe("S3 errors", () => {
  const who = { name: "origin", url: "s3://b/p" };
  const s3Error = (code: string, message = "m") => Object.assign(new Error(message), { name: "S3Error", code });

  test("refused credentials become REMOTE_AUTH_FAILED naming the remote, not the secret", () => {
    const error = mapS3Error(s3Error("SignatureDoesNotMatch"), who, "upload");
    expect(error).toBeInstanceOf(PivotError);
    expect((error as PivotError).code).toBe("REMOTE_AUTH_FAILED");
    expect(error.message).toContain("origin");
    expect(error.message).toContain("SignatureDoesNotMatch");
  });

  test("dropped connections and server errors are transient; a missing bucket is not", () => {
    expect(isTransientError(mapS3Error(s3Error("ConnectionRefused"), who, "upload"))).toBe(true);
    expect(isTransientError(mapS3Error(s3Error("UnknownError"), who, "upload"))).toBe(true);
    expect(isTransientError(mapS3Error(s3Error("SlowDown"), who, "upload"))).toBe(true);
    const bucket = mapS3Error(s3Error("NoSuchBucket"), who, "upload");
    expect((bucket as PivotError).code).toBe("REMOTE_INVALID");
  });
});
