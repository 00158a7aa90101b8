import { mapWithConcurrency } from "../hash/map-with-concurrency";
import type { Remote } from "../plugin/remote-backend";
import { shardOf } from "./object-key";
import { type RetryPolicy, withRetry } from "./retry";

/** Objects a remote lists per page (S3's page size); listing costs one request per page. */
export const LIST_PAGE_SIZE = 1000;
/** Hashes checked per `exists` call. */
export const EXISTS_BATCH = 32;
/** Up to this many hashes, one request per object is always fine. */
const HEAD_ONLY_MAX = 16;

export interface ExistenceCheckOptions {
  jobs: number;
  retry: RetryPolicy;
  /** Called with the number of hashes settled (for progress). */
  onChecked?(count: number): void;
}

export type ExistenceMethod = "none" | "head" | "list-shards" | "list-all";

/** Objects found on the remote: hash → size (undefined when the remote did not say). */
export type FoundObjects = Map<string, number | undefined>;

async function listShard(remote: Remote, shard: string | undefined, retry: RetryPolicy): Promise<FoundObjects> {
  return withRetry(async () => {
    const found: FoundObjects = new Map();
    for await (const info of remote.list(shard)) found.set(info.hash, info.sizeBytes);
    return found;
  }, retry);
}

async function checkByHead(remote: Remote, hashes: readonly string[], options: ExistenceCheckOptions): Promise<FoundObjects> {
  const batchSize = Math.max(1, Math.min(EXISTS_BATCH, options.jobs));
  const batches: string[][] = [];
  for (let i = 0; i < hashes.length; i += batchSize) batches.push(hashes.slice(i, i + batchSize));
  const found: FoundObjects = new Map();
  await mapWithConcurrency(batches, Math.max(1, Math.ceil(options.jobs / batchSize)), async (batch) => {
    for (const info of await withRetry(() => remote.exists(batch), options.retry)) found.set(info.hash, info.sizeBytes);
    options.onChecked?.(batch.length);
  });
  return found;
}

/**
 * Round trips each way would take: one request per object (parallel), listing the shards the
 * hashes fall in (parallel, a page per LIST_PAGE_SIZE objects), or listing the whole remote
 * (sequential pages). DVC's traverse-vs-query heuristic, with the remote's size estimated from
 * one shard (hashes are uniform, so a shard holds about 1/256 of the objects).
 */
export function chooseExistenceMethod(pending: number, shards: number, shardSizeEstimate: number, jobs: number): ExistenceMethod {
  if (pending === 0) return "none";
  const pagesPerShard = Math.max(1, Math.ceil(shardSizeEstimate / LIST_PAGE_SIZE));
  const head = Math.ceil(pending / jobs);
  const listShards = Math.ceil(shards / jobs) * pagesPerShard;
  const listAll = Math.max(1, Math.ceil((shardSizeEstimate * 256) / LIST_PAGE_SIZE));
  if (listAll <= listShards && listAll <= head) return "list-all";
  return listShards < head ? "list-shards" : "head";
}

/**
 * Which of `hashes` are on the remote. Few hashes: one request each. Many: one shard is listed
 * first to estimate the remote's size, then the cheapest of the three methods does the rest.
 */
export async function findOnRemote(remote: Remote, hashes: readonly string[], options: ExistenceCheckOptions): Promise<{ found: FoundObjects; method: ExistenceMethod }> {
  if (hashes.length === 0) return { found: new Map(), method: "none" };
  if (hashes.length <= HEAD_ONLY_MAX) return { found: await checkByHead(remote, hashes, options), method: "head" };
  const byShard = new Map<string, string[]>();
  for (const hash of hashes) {
    const list = byShard.get(shardOf(hash)) ?? [];
    list.push(hash);
    byShard.set(shardOf(hash), list);
  }
  const [probeShard, probeHashes] = [...byShard].sort((a, b) => b[1].length - a[1].length)[0]!;
  const probe = await listShard(remote, probeShard, options.retry);
  const found: FoundObjects = new Map(probeHashes.filter((h) => probe.has(h)).map((h) => [h, probe.get(h)]));
  options.onChecked?.(probeHashes.length);
  byShard.delete(probeShard);
  const rest = [...byShard.values()].flat();
  const method = chooseExistenceMethod(rest.length, byShard.size, probe.size, options.jobs);
  if (method === "list-all") {
    const everything = await listShard(remote, undefined, options.retry);
    for (const hash of rest) if (everything.has(hash)) found.set(hash, everything.get(hash));
    options.onChecked?.(rest.length);
  } else if (method === "list-shards") {
    await mapWithConcurrency([...byShard], options.jobs, async ([shard, wanted]) => {
      const listed = await listShard(remote, shard, options.retry);
      for (const hash of wanted) if (listed.has(hash)) found.set(hash, listed.get(hash));
      options.onChecked?.(wanted.length);
    });
  } else if (method === "head") {
    for (const [hash, size] of await checkByHead(remote, rest, options)) found.set(hash, size);
  }
  return { found, method: method === "none" ? "list-shards" : method };
}
