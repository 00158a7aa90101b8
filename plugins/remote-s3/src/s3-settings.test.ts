import { afterEach, describe, expect, test } from "bun:test";
import { PivotError, isTransientError } from "@pivot/core";
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
