import { describe, expect, test } from "bun:test";
import type { Remote, RemoteObjectInfo } from "../plugin/remote-backend";
import { chooseExistenceMethod, findOnRemote } from "./find-on-remote";

/** An in-memory object store that counts the requests made to it. */
function memoryRemote(hashes: Iterable<string>) {
  const objects = new Set(hashes);
  const calls = { exists: 0, existsHashes: 0, list: 0 };
  const remote: Remote = {
    url: "memory://test",
    async exists(batch) {
      calls.exists += 1;
      calls.existsHashes += batch.length;
      return batch.filter((h) => objects.has(h)).map((hash) => ({ hash, sizeBytes: 1 }));
    },
    async *list(shard): AsyncIterable<RemoteObjectInfo> {
      calls.list += 1;
      for (const hash of objects) if (shard === undefined || hash.startsWith(shard)) yield { hash };
    },
    put: async () => {},
    get: async () => false,
    delete: async () => {},
  };
  return { remote, calls };
}

function hashes(count: number, seed = 0): string[] {
  return Array.from({ length: count }, (_, i) => new Bun.CryptoHasher("md5").update(`${seed}:${i}`).digest("hex"));
}

const options = { jobs: 8, retry: { retries: 0 } };

describe("chooseExistenceMethod", () => {
  test("an empty or small remote is listed whole", () => {
    expect(chooseExistenceMethod(2000, 255, 0, 8)).toBe("list-all");
    expect(chooseExistenceMethod(500, 200, 3, 8)).toBe("list-all");
  });

  test("a few hashes against a big remote are asked one by one", () => {
    expect(chooseExistenceMethod(20, 20, 4000, 8)).toBe("head");
  });

  test("many hashes against a big remote list only the shards they fall in", () => {
    expect(chooseExistenceMethod(50_000, 255, 4000, 32)).toBe("list-shards");
  });
});

describe("findOnRemote", () => {
  test("a handful of hashes costs one request per hash, batched, and no listing", async () => {
    const present = hashes(5);
    const { remote, calls } = memoryRemote(present);
    const { found, method } = await findOnRemote(remote, [...present.slice(0, 3), ...hashes(4, 1)], options);
    expect(method).toBe("head");
    expect([...found.keys()].sort()).toEqual(present.slice(0, 3).sort());
    expect(calls.list).toBe(0);
    expect(calls.existsHashes).toBe(7);
  });

  test("2000 hashes against an empty remote cost two listings and no per-object request", async () => {
    const { remote, calls } = memoryRemote([]);
    const { found, method } = await findOnRemote(remote, hashes(2000), options);
    expect(found.size).toBe(0);
    expect(method).toBe("list-all");
    expect(calls).toEqual({ exists: 0, existsHashes: 0, list: 2 });
  });

  test("results are the same whichever method is chosen", async () => {
    const all = hashes(3000);
    const { remote } = memoryRemote(all.slice(0, 1500));
    const wanted = [...all.slice(1000, 2000)];
    const { found } = await findOnRemote(remote, wanted, options);
    expect([...found.keys()].sort()).toEqual(all.slice(1000, 1500).sort());
  });
});
