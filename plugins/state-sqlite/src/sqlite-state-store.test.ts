import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HashCacheEntry, RunRecord } from "@pivot/core/internal";
import { SqliteStateStore } from "./sqlite-state-store";

let dir: string;
let store: SqliteStateStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "pivot-state-"));
  store = new SqliteStateStore(dir);
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const BIG_MTIME_NS = 1732880000123456789n;
const entry: HashCacheEntry = {
  path: "/project/data/train.csv",
  inode: 424242,
  mtimeNs: BIG_MTIME_NS,
  sizeBytes: 1024,
  hash: "0123456789abcdef0123456789abcdef",
};

function run(id: string, startedAtMs: number): RunRecord {
  return {
    id,
    startedAtMs,
    durationMs: 1500,
    command: "repro train",
    status: "ok",
    stages: [{ stage: "train", status: "ran", reason: "dep data.csv changed", durationMs: 1200 }],
  };
}

describe("hash cache", () => {
  test("a lookup with the exact stat hits, a big nanosecond mtime included", () => {
    store.putHashes([entry]);
    expect(store.lookupHash(entry.path, entry)).toBe(entry.hash);
  });

  test("a different inode misses", () => {
    store.putHashes([entry]);
    expect(store.lookupHash(entry.path, { ...entry, inode: entry.inode + 1 })).toBeUndefined();
  });

  test("an mtime one nanosecond off misses (no float rounding)", () => {
    store.putHashes([entry]);
    expect(store.lookupHash(entry.path, { ...entry, mtimeNs: BIG_MTIME_NS + 1n })).toBeUndefined();
    expect(store.lookupHash(entry.path, { ...entry, mtimeNs: BIG_MTIME_NS - 1n })).toBeUndefined();
  });

  test("a different size misses", () => {
    store.putHashes([entry]);
    expect(store.lookupHash(entry.path, { ...entry, sizeBytes: 1025 })).toBeUndefined();
  });

  test("an unknown path misses", () => {
    expect(store.lookupHash("/nowhere", entry)).toBeUndefined();
  });

  test("re-putting a path replaces its stat and hash", () => {
    store.putHashes([entry]);
    store.putHashes([{ ...entry, sizeBytes: 2048, hash: "f".repeat(32) }]);
    expect(store.lookupHash(entry.path, entry)).toBeUndefined();
    expect(store.lookupHash(entry.path, { ...entry, sizeBytes: 2048 })).toBe("f".repeat(32));
  });

  test("10k hashes put in one batch are all found by one batch lookup", () => {
    const entries: HashCacheEntry[] = Array.from({ length: 10_000 }, (_, i) => ({
      path: `/project/data/file-${i}.bin`,
      inode: 1_000_000 + i,
      mtimeNs: BIG_MTIME_NS + BigInt(i),
      sizeBytes: i * 7,
      hash: i.toString(16).padStart(32, "0"),
    }));
    store.putHashes(entries);
    const hits = store.lookupHashes(entries);
    expect(hits.size).toBe(10_000);
    expect(hits.get("/project/data/file-9999.bin")).toBe((9999).toString(16).padStart(32, "0"));
  });

  test("a batch lookup returns only the hits", () => {
    store.putHashes([entry]);
    const hits = store.lookupHashes([
      entry,
      { ...entry, path: "/project/other.csv" },
      { ...entry, path: entry.path, sizeBytes: 1 },
    ]);
    expect([...hits]).toEqual([[entry.path, entry.hash]]);
  });
});

describe("generations", () => {
  test("an unknown path is generation 0", () => {
    expect(store.getGeneration("out/model.bin")).toBe(0);
  });

  test("each bump adds one, a path listed twice in one bump counts once", () => {
    store.bumpGenerations(["out/a", "out/b"]);
    store.bumpGenerations(["out/a", "out/a"]);
    expect(store.getGeneration("out/a")).toBe(2);
    expect(store.getGeneration("out/b")).toBe(1);
  });
});

describe("run cache", () => {
  const cached = {
    stage: "train",
    inputHash: "a".repeat(32),
    outputs: { "model.bin": "b".repeat(32), "metrics.json": "c".repeat(32) },
    runId: "run-1",
    createdAtMs: 1_732_880_000_000,
  };

  test("an entry put is got back by stage and input hash", () => {
    store.putRunCache(cached);
    expect(store.getRunCache("train", cached.inputHash)).toEqual(cached);
    expect(store.getRunCache("train", "d".repeat(32))).toBeUndefined();
    expect(store.getRunCache("eval", cached.inputHash)).toBeUndefined();
  });

  test("an entry without a run id comes back without one", () => {
    const { runId: _, ...withoutRunId } = cached;
    store.putRunCache(withoutRunId);
    expect(store.getRunCache("train", cached.inputHash)).toEqual(withoutRunId);
  });

  test("the producer of an entry (version, host, user, commit) comes back with it", () => {
    const made = { ...cached, producer: { pivotVersion: "0.1.0", host: "ci-7", user: "alice", gitCommit: "f".repeat(40) } };
    store.putRunCache(made);
    expect(store.getRunCache("train", cached.inputHash)).toEqual(made);
    expect(store.listRunCache()[0]!.producer).toEqual(made.producer);
  });

  test("listing returns every entry by stage, then oldest first", () => {
    store.putRunCache({ ...cached, stage: "train", inputHash: "2", createdAtMs: 20 });
    store.putRunCache({ ...cached, stage: "train", inputHash: "1", createdAtMs: 10 });
    store.putRunCache({ ...cached, stage: "eval", inputHash: "3", createdAtMs: 30 });
    const listed = store.listRunCache().map((e) => `${e.stage}:${e.inputHash}`);
    expect(listed).toEqual(["eval:3", "train:1", "train:2"]);
  });
});

describe("run history", () => {
  test("runs are listed newest first and read back whole", () => {
    store.recordRun(run("r1", 1000));
    store.recordRun(run("r3", 3000));
    store.recordRun(run("r2", 2000));
    expect(store.listRuns(10).map((r) => r.id)).toEqual(["r3", "r2", "r1"]);
    expect(store.listRuns(2).map((r) => r.id)).toEqual(["r3", "r2"]);
    expect(store.getRun("r2")).toEqual(run("r2", 2000));
    expect(store.getRun("nope")).toBeUndefined();
  });

  test("stages skipped as unchanged are stored by name alone and read back as full records, in run order", () => {
    const stages = [
      { stage: "a", status: "skipped" as const, reason: "unchanged", durationMs: 0 },
      { stage: "b", status: "ran" as const, reason: "dep changed", durationMs: 12 },
      { stage: "c", status: "skipped" as const, reason: "unchanged", durationMs: 0 },
      { stage: "d", status: "skipped" as const, reason: "frozen", durationMs: 0 },
    ];
    store.recordRun({ id: "compact", startedAtMs: 1, durationMs: 2, command: "repro", status: "ok", stages });
    expect(store.getRun("compact")?.stages).toEqual(stages);
    const raw = new Database(join(dir, "state.db")).query<{ stages_json: string }, []>("SELECT stages_json FROM runs WHERE id = 'compact'").get();
    expect(JSON.parse(raw!.stages_json)).toEqual(["a", stages[1], "c", stages[3]]);
  });

  test("history is pruned to the newest keepRuns runs", () => {
    store.close();
    store = new SqliteStateStore(dir, { keepRuns: 3 });
    for (let i = 1; i <= 5; i++) store.recordRun(run(`r${i}`, i * 1000));
    expect(store.listRuns(100).map((r) => r.id)).toEqual(["r5", "r4", "r3"]);
    expect(store.getRun("r1")).toBeUndefined();
  });
});

describe("remote index", () => {
  test("marked hashes are known per remote, and can be forgotten", () => {
    store.markOnRemote("origin", ["h1", "h2", "h2"]);
    store.markOnRemote("backup", ["h3"]);
    expect(store.remoteHas("origin", ["h1", "h2", "h3"])).toEqual(new Set(["h1", "h2"]));
    store.forgetOnRemote("origin", ["h1"]);
    expect(store.remoteHas("origin", ["h1", "h2"])).toEqual(new Set(["h2"]));
    store.forgetOnRemote("origin");
    expect(store.remoteHas("origin", ["h2"]).size).toBe(0);
    expect(store.remoteHas("backup", ["h3"])).toEqual(new Set(["h3"]));
  });
});

describe("key-value cache", () => {
  test("values are put, replaced, and deleted by key or namespace", () => {
    expect(store.getCached("lock", "train")).toBeUndefined();
    store.putCached("lock", "train", "v1");
    store.putCached("lock", "train", "v2");
    store.putCached("lock", "eval", "v3");
    store.putCached("fingerprint", "train", "f1");
    expect(store.getCached("lock", "train")).toBe("v2");
    store.deleteCached("lock", "train");
    expect(store.getCached("lock", "train")).toBeUndefined();
    expect(store.getCached("lock", "eval")).toBe("v3");
    store.deleteCached("lock");
    expect(store.getCached("lock", "eval")).toBeUndefined();
    expect(store.getCached("fingerprint", "train")).toBe("f1");
  });

  test("getCachedMany answers the keys found in one namespace", () => {
    store.putCached("lock", "a", "1");
    store.putCached("lock", "b", "2");
    store.putCached("other", "c", "3");
    expect(store.getCachedMany("lock", ["a", "b", "c", "zz"])).toEqual(new Map([["a", "1"], ["b", "2"]]));
    expect(store.getCachedMany("lock", [])).toEqual(new Map());
  });
});

describe("transaction", () => {
  test("writes inside a transaction commit together", () => {
    const result = store.transaction(() => {
      store.putHashes([entry]);
      store.bumpGenerations(["out/a"]);
      return "done";
    });
    expect(result).toBe("done");
    expect(store.lookupHash(entry.path, entry)).toBe(entry.hash);
    expect(store.getGeneration("out/a")).toBe(1);
  });

  test("an error thrown inside rolls every write back and propagates unchanged", () => {
    const failure = new TypeError("stage code failed");
    expect(() =>
      store.transaction(() => {
        store.putHashes([entry]);
        throw failure;
      }),
    ).toThrow(failure);
    expect(store.lookupHash(entry.path, entry)).toBeUndefined();
  });
});
