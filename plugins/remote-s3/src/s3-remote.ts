import { S3Client } from "bun";
import { open } from "node:fs/promises";
import { type Remote, type RemoteObjectInfo, type RemoteOptions, type TransferHooks, hashOfObjectKey, objectKeyOf, redactUrl, shardKeyOf } from "@pivot/core/plugin";
import { isNoSuchKey, mapS3Error, s3CodeOf } from "./s3-errors";
import { type S3Settings, resolveS3Settings } from "./s3-settings";

/**
 * A remote in an S3 bucket (AWS or any S3-compatible store) through Bun's built-in S3Client.
 * Objects are `<prefix>files/<h[0:2]>/<h[2:]>`, run-cache records `<prefix>runs/…`. A PUT (or a
 * completed multipart upload) is atomic, so a failed upload never leaves a partial object.
 */
export class S3Remote implements Remote {
  readonly url: string;
  /** The same bucket name on another endpoint is another store. */
  readonly indexKey: string;
  readonly #settings: S3Settings;
  readonly #client: S3Client;
  readonly #who: { name: string; url: string; endpoint?: string };

  constructor(url: string, name: string, settings: S3Settings) {
    this.url = url;
    this.#settings = settings;
    this.#who = { name, url, ...(settings.endpoint ? { endpoint: redactUrl(settings.endpoint) } : {}) };
    this.indexKey = settings.endpoint ? `${url} at ${redactUrl(settings.endpoint)}` : url;
    const { bucket, endpoint, region, accessKeyId, secretAccessKey, sessionToken, virtualHostedStyle } = settings;
    this.#client = new S3Client({
      bucket,
      ...(endpoint ? { endpoint } : {}),
      ...(region ? { region } : {}),
      ...(accessKeyId ? { accessKeyId } : {}),
      ...(secretAccessKey ? { secretAccessKey } : {}),
      ...(sessionToken ? { sessionToken } : {}),
      ...(virtualHostedStyle !== undefined ? { virtualHostedStyle } : {}),
    });
  }

  async #call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw mapS3Error(error, this.#who, action);
    }
  }

  #objectKey(hash: string): string {
    return `${this.#settings.prefix}${objectKeyOf(hash)}`;
  }

  /**
   * One HEAD: the object's size, or undefined when it is absent. S3 answers a failed HEAD without
   * a body (Bun reports UnknownError for a 403 as for a 5xx), so the key is then asked again as a
   * listing, whose error says why (credentials, bucket) and whose success still answers.
   */
  async #size(key: string): Promise<number | undefined> {
    try {
      return await this.#client.size(key);
    } catch (error) {
      if (isNoSuchKey(error)) return undefined;
      if (s3CodeOf(error) !== "UnknownError") throw error;
      const listed = await this.#client.list({ prefix: key, maxKeys: 1 });
      return (listed.contents ?? []).find((c) => c.key === key)?.size;
    }
  }

  async exists(hashes: readonly string[]): Promise<RemoteObjectInfo[]> {
    return this.#call("existence check", async () => {
      const sizes = await Promise.all(hashes.map((hash) => this.#size(this.#objectKey(hash))));
      return hashes.flatMap((hash, i) => (sizes[i] === undefined ? [] : [{ hash, sizeBytes: sizes[i] }]));
    });
  }

  /** Every key under `prefix`, a page (≤ 1000) per request. */
  async *#keys(prefix: string): AsyncIterable<{ key: string; size?: number; modifiedAtMs?: number }> {
    let continuationToken: string | undefined;
    let startAfter: string | undefined;
    for (;;) {
      const page = await this.#call("list", () =>
        this.#client.list({ prefix, maxKeys: 1000, ...(continuationToken ? { continuationToken } : {}), ...(startAfter ? { startAfter } : {}) }),
      );
      const contents = page.contents ?? [];
      for (const item of contents) {
        const modifiedAtMs = item.lastModified === undefined ? Number.NaN : Date.parse(item.lastModified);
        yield { key: item.key, ...(item.size !== undefined ? { size: item.size } : {}), ...(Number.isFinite(modifiedAtMs) ? { modifiedAtMs } : {}) };
      }
      if (!page.isTruncated || contents.length === 0) return;
      continuationToken = page.nextContinuationToken;
      startAfter = continuationToken ? undefined : contents.at(-1)!.key;
    }
  }

  async *list(shard?: string): AsyncIterable<RemoteObjectInfo> {
    const prefix = `${this.#settings.prefix}${shard === undefined ? "files/" : shardKeyOf(shard)}`;
    for await (const { key, size, modifiedAtMs } of this.#keys(prefix)) {
      const hash = hashOfObjectKey(key.slice(this.#settings.prefix.length));
      if (hash) yield { hash, ...(size !== undefined ? { sizeBytes: size } : {}), ...(modifiedAtMs !== undefined ? { modifiedAtMs } : {}) };
    }
  }

  async put(hash: string, localFile: string, hooks: TransferHooks = {}): Promise<void> {
    const file = Bun.file(localFile);
    const sizeBytes = hooks.sizeBytes ?? file.size;
    const key = this.#objectKey(hash);
    await this.#call("upload", async () => {
      if (sizeBytes <= this.#settings.multipartThresholdBytes) {
        await this.#client.write(key, file, { type: "application/octet-stream" });
        hooks.onBytes?.(sizeBytes);
        return;
      }
      await this.#putMultipart(key, file, hooks);
    });
  }

  /** Streams a large file in parts; an error aborts the upload, so no object appears. */
  async #putMultipart(key: string, file: ReturnType<typeof Bun.file>, hooks: TransferHooks): Promise<void> {
    const { partSizeBytes, partQueueSize } = this.#settings;
    const writer = this.#client.file(key).writer({ partSize: partSizeBytes, queueSize: partQueueSize, retry: 3, type: "application/octet-stream" });
    try {
      for await (const chunk of file.stream()) {
        await writer.write(chunk);
        hooks.onBytes?.(chunk.byteLength);
      }
      await writer.end();
    } catch (error) {
      await Promise.resolve(writer.end(error instanceof Error ? error : new Error(String(error)))).catch(() => undefined);
      throw error;
    }
  }

  async get(hash: string, localFile: string, hooks: TransferHooks = {}): Promise<boolean> {
    const key = this.#objectKey(hash);
    return this.#call("download", async () => {
      const handle = await open(localFile, "w");
      try {
        for await (const chunk of this.#client.file(key).stream()) {
          await handle.write(chunk);
          hooks.onBytes?.(chunk.byteLength);
        }
      } catch (error) {
        if (isNoSuchKey(error)) return false;
        throw error;
      } finally {
        await handle.close();
      }
      return true;
    });
  }

  async delete(hashes: readonly string[]): Promise<void> {
    await this.#call("delete", async () => {
      await Promise.all(hashes.map((hash) => this.#client.delete(this.#objectKey(hash))));
    });
  }

  async putRecord(key: string, body: string): Promise<void> {
    await this.#call("upload", () => this.#client.write(`${this.#settings.prefix}${key}`, body, { type: "application/json" }));
  }

  async deleteRecords(keys: readonly string[]): Promise<void> {
    await this.#call("delete", async () => {
      await Promise.all(keys.map((key) => this.#client.delete(`${this.#settings.prefix}${key}`)));
    });
  }

  async getRecord(key: string): Promise<string | undefined> {
    return this.#call("download", async () => {
      try {
        return await this.#client.file(`${this.#settings.prefix}${key}`).text();
      } catch (error) {
        if (isNoSuchKey(error)) return undefined;
        throw error;
      }
    });
  }

  async *listRecords(prefix: string): AsyncIterable<string> {
    for await (const { key } of this.#keys(`${this.#settings.prefix}${prefix}`)) yield key.slice(this.#settings.prefix.length);
  }
}

export function createS3Remote(url: URL, options: RemoteOptions): Remote {
  return new S3Remote(redactUrl(url.href), options.name, resolveS3Settings(url, options));
}
