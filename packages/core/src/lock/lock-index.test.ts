import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeStage } from "../graph/stages-test-support";
import type { Stage } from "../model/pipeline";
import { memoryStore } from "../outputs/outputs-test-support";
import type { StateStore } from "../plugin/state-backend";
import type { LockData } from "./lock-data";
import { lockPathOf, serializeLock, writeLock } from "./lock-file";
import { LOCK_INDEX_NAMESPACE, LockIndex } from "./lock-index";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function stagesIn(count: number): { stages: Stage[]; store: StateStore & { reads: number } } {
  const stateDir = mkdtempSync(join(tmpdir(), "pivot-lock-index-"));
  dirs.push(stateDir);
  mkdirSync(join(stateDir, "stages"));
  const stages = Array.from({ length: count }, (_, i) => {
    const base = makeStage({ id: `s${i}` });
    return { ...base, pipeline: { ...base.pipeline, stateDir } };
  });
  const store = memoryStore(stateDir) as StateStore & { reads: number };
  store.reads = 0;
  const getCached = store.getCached.bind(store);
  store.getCached = (ns, key) => ((store.reads += 1), getCached(ns, key));
  return { stages, store };
}

const lockOf = (stage: Stage, hash: string): LockData => ({
  schema: 1,
  stage: stage.name,
  hashAlgorithm: "xxh3-128",
  cmd: ["true"],
  params: {},
  deps: [],
  outs: [{ path: `${stage.id}.txt`, hash, sizeBytes: 1, cache: true }],
});

const index = (stages: Stage[], store: StateStore, write = true) => new LockIndex(stages, () => store, { write });

describe("LockIndex", () => {
  test("a lock file parsed once is answered from the index while its stat holds", () => {
    const { stages, store } = stagesIn(3);
    for (const stage of stages) writeLock(stage, lockOf(stage, "aa"));
    const first = index(stages, store);
    const reads = stages.map((s) => first.read(s));
    expect(reads.map((r) => r.kind)).toEqual(["ok", "ok", "ok"]);
    first.flush();
    expect(store.getCached(LOCK_INDEX_NAMESPACE, "s1")).toContain('"aa"');

    // Make the index say something the file does not: it is believed only while the stat matches.
    const row = JSON.parse(store.getCached(LOCK_INDEX_NAMESPACE, "s1")!);
    row.lock.outs[0].hash = "from-index";
    store.putCached(LOCK_INDEX_NAMESPACE, "s1", JSON.stringify(row));
    const second = index(stages, store).read(stages[1]!);
    expect(second.kind === "ok" && second.lock.outs[0]!.hash).toBe("from-index");
  });

  test("a rewritten lock file is read again, even with the same size and mtime", () => {
    const { stages, store } = stagesIn(1);
    const stage = stages[0]!;
    writeLock(stage, lockOf(stage, "aa"));
    const first = index(stages, store);
    first.read(stage);
    first.flush();
    const file = lockPathOf(stage);
    const before = Bun.file(file).lastModified;
    writeFileSync(file, serializeLock(lockOf(stage, "bb"))); // same length, written in place
    utimesSync(file, before / 1000, before / 1000);
    const again = index(stages, store).read(stage);
    expect(again.kind === "ok" && again.lock.outs[0]!.hash).toBe("bb");
  });

  test("missing and corrupt lock files read as readLock reads them; corrupt ones are never indexed", () => {
    const { stages, store } = stagesIn(2);
    writeFileSync(lockPathOf(stages[1]!), "schema: 99\n");
    const locks = index(stages, store);
    expect(locks.read(stages[0]!)).toEqual({ kind: "missing" });
    expect(locks.read(stages[1]!).kind).toBe("corrupt");
    locks.flush();
    expect(store.getCached(LOCK_INDEX_NAMESPACE, "s1")).toBeUndefined();
    expect(locks.seen(lockPathOf(stages[0]!))).toEqual([lockPathOf(stages[0]!)]);
    expect(locks.seen(lockPathOf(stages[1]!))?.[4]).toBe(readFileSync(lockPathOf(stages[1]!)).length);
  });

  test("rows are fetched a window at a time in the given order, not one query per stage", () => {
    const { stages, store } = stagesIn(300);
    for (const stage of stages) writeLock(stage, lockOf(stage, "aa"));
    const warm = index(stages, store);
    for (const stage of stages) warm.read(stage);
    warm.flush();
    store.reads = 0;
    const locks = index(stages, store);
    for (const stage of stages) expect(locks.read(stage).kind).toBe("ok");
    // Without getCachedMany, one getCached per key — but only for keys of fetched windows, each once.
    expect(store.reads).toBe(300);
    const many: string[][] = [];
    store.getCachedMany = (ns, keys) => (many.push([...keys]), new Map(keys.flatMap((k) => (store.getCached(ns, k) ? [[k, store.getCached(ns, k)!]] : []))));
    const batched = index(stages, store);
    for (const stage of stages) batched.read(stage);
    expect(many.map((keys) => keys.length)).toEqual([256, 44]);
  });

  test("a dry run (write: false) indexes nothing", () => {
    const { stages, store } = stagesIn(1);
    writeLock(stages[0]!, lockOf(stages[0]!, "aa"));
    const locks = index(stages, store, false);
    locks.read(stages[0]!);
    locks.flush();
    expect(store.getCached(LOCK_INDEX_NAMESPACE, "s0")).toBeUndefined();
  });
});
