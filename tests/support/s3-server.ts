import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { S3Client } from "bun";
import type S3rverClass from "s3rver";

const require = createRequire(import.meta.url);

/**
 * s3rver encrypts ListObjectsV2 continuation tokens with the cipher name "des", an OpenSSL alias
 * Bun's BoringSSL does not know ("Unknown cipher"; "des-cbc" works), so every truncated listing
 * (more keys than max-keys) failed with InternalError. Map the alias in this process, where s3rver runs.
 */
function patchDesAlias(): void {
  const crypto = require("crypto") as typeof import("node:crypto") & { __pivotDesPatched?: boolean };
  if (crypto.__pivotDesPatched) return;
  const cipheriv = crypto.createCipheriv;
  const decipheriv = crypto.createDecipheriv;
  const alias = (name: string) => (name.toLowerCase() === "des" ? "des-cbc" : name);
  crypto.createCipheriv = ((name: string, ...rest: unknown[]) => (cipheriv as (...a: unknown[]) => unknown)(alias(name), ...rest)) as typeof crypto.createCipheriv;
  crypto.createDecipheriv = ((name: string, ...rest: unknown[]) => (decipheriv as (...a: unknown[]) => unknown)(alias(name), ...rest)) as typeof crypto.createDecipheriv;
  crypto.__pivotDesPatched = true;
}

/** Credentials s3rver accepts. */
export const S3RVER_KEY = "S3RVER";

export interface TestS3Server {
  endpoint: string;
  port: number;
  bucket: string;
  /** Folder where s3rver keeps the objects (`<directory>/<bucket>/<key>._S3rver_object`). */
  directory: string;
  /** A client for the test itself (to corrupt or delete objects behind pivot's back). */
  client: S3Client;
  /** Environment for `pivot` runs that use this server (endpoint, region, credentials). */
  env: Record<string, string>;
  /** Stops the server at once (open connections are cut); objects stay on disk for `start`. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  dispose(): Promise<void>;
}

/**
 * s3rver lists keys in `fs.readdirSync` order and relies on Node returning names sorted (libuv
 * sorts them); Bun returns directory order, so listings came out unsorted and pagination
 * (start-after / continuation tokens) skipped and repeated keys. Its `walk` helper is replaced by
 * a sorting one before s3rver loads (its store destructures `walk` at load time).
 */
function loadS3rver(): typeof S3rverClass {
  const utils = require("s3rver/lib/utils") as { walk: (dir: string, filter?: (dir: string) => boolean) => Generator<string> };
  utils.walk = function* walk(dir: string, recurseFilter?: (dir: string) => boolean): Generator<string> {
    for (const filename of readdirSync(dir).sort()) {
      const filePath = posix.join(dir, filename);
      if (!statSync(filePath).isDirectory()) yield filePath;
      else if (!recurseFilter || recurseFilter(filePath)) yield* walk(filePath, recurseFilter);
    }
  };
  return require("s3rver") as typeof S3rverClass;
}

/** A real S3-protocol server (s3rver) on a free loopback port, with `bucket` created. */
export async function startS3Server(bucket = "pivot-test"): Promise<TestS3Server> {
  patchDesAlias();
  let S3rver: typeof S3rverClass;
  try {
    S3rver = loadS3rver();
  } catch (error) {
    throw new Error(`s3rver (the S3 test server) does not load — run bun install: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const directory = mkdtempSync(join(tmpdir(), "pivot-s3rver-"));
  let port = 0;
  let server: S3rverClass | undefined;
  const start = async () => {
    server = new S3rver({ port, address: "127.0.0.1", silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
    const info = await server.run();
    port = info.port;
  };
  try {
    await start();
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw new Error(`The S3 test server (s3rver) did not start on 127.0.0.1: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const endpoint = `http://127.0.0.1:${port}`;
  /** A hard stop, like a crash or a dropped network: open keep-alive connections are cut too. */
  const stop = async () => {
    if (!server) return;
    const http = (server as unknown as { httpServer?: { closeAllConnections?(): void } }).httpServer;
    const closing = server.close();
    http?.closeAllConnections?.();
    await closing;
    server = undefined;
  };
  return {
    endpoint,
    port,
    bucket,
    directory,
    client: new S3Client({ endpoint, bucket, accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY, region: "us-east-1" }),
    env: { AWS_ENDPOINT_URL: endpoint, AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: S3RVER_KEY, AWS_SECRET_ACCESS_KEY: S3RVER_KEY },
    stop,
    start,
    async dispose() {
      await stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
