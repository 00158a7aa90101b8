import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memoryStore } from "../outputs/outputs-test-support";
import type { RunCacheEntry, StateStore } from "../plugin/state-backend";
import { FLUSH_EVERY_STAGES, PathHasher } from "./path-hasher";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const root = mkdtempSync(join(tmpdir(), "pivot-hasher-"));
  dirs.push(root);
  return root;
}

/** A memory store counting its transactions. */
function countingStore(): StateStore & { transactions: number } {
  const store = memoryStore("/state") as StateStore & { transactions: number };
  store.transactions = 0;
  store.transaction = (fn) => {
    store.transactions += 1;
    return fn();
  };
  return store;
}

const entry = (stage: string): RunCacheEntry => ({ stage, inputHash: `in-${stage}`, outputs: { [`${stage}.txt`]: "h" }, createdAtMs: 1 });

describe("PathHasher state rows", () => {
  test("stage rows wait for flush, then land in one transaction per store with the hash rows", async () => {
    const root = project();
    writeFileSync(join(root, "a.txt"), "a\n");
    const store = countingStore();
    const hasher = new PathHasher(root);
    const hashed = await hasher.hash("a.txt", store);
    hasher.queueStageRows(store, ["a.txt"], entry("a"));
    hasher.queueStageRows(store, ["b.txt"], entry("b"));
    expect(store.getRunCache("a", "in-a")).toBeUndefined();
    expect(store.getGeneration("a.txt")).toBe(0);

    hasher.flush();
    expect(store.transactions).toBe(1);
    expect(store.getRunCache("a", "in-a")?.outputs).toEqual({ "a.txt": "h" });
    expect(store.getRunCache("b", "in-b")).toBeDefined();
    expect(store.getGeneration("a.txt")).toBe(1);
    expect(store.getGeneration("b.txt")).toBe(1);
    expect(store.lookupHash(join(root, "a.txt"), statOf(join(root, "a.txt")))).toBe(hashed!.hash);
  });

  test("a full batch is written without waiting for the end of the command", () => {
    const store = countingStore();
    const hasher = new PathHasher(project());
    for (let i = 0; i < FLUSH_EVERY_STAGES; i++) hasher.queueStageRows(store, [`s${i}.txt`], entry(`s${i}`));
    expect(store.transactions).toBe(1);
    expect(store.getRunCache(`s${FLUSH_EVERY_STAGES - 1}`, `in-s${FLUSH_EVERY_STAGES - 1}`)).toBeDefined();
  });

  test("each recorded stage bumps its outputs' generation once, even within one batch", () => {
    const store = countingStore();
    const hasher = new PathHasher(project());
    hasher.queueStageRows(store, ["x.txt"], entry("x"));
    hasher.queueStageRows(store, ["x.txt"], { ...entry("x"), inputHash: "other" });
    hasher.flush();
    expect(store.getGeneration("x.txt")).toBe(2);
  });

  test("discard drops queued rows (dry runs write nothing)", () => {
    const store = countingStore();
    const hasher = new PathHasher(project());
    hasher.queueStageRows(store, ["x.txt"], entry("x"));
    hasher.discard();
    hasher.flush();
    expect(store.transactions).toBe(0);
    expect(store.getRunCache("x", "in-x")).toBeUndefined();
  });
});

function statOf(path: string): { inode: number; mtimeNs: bigint; sizeBytes: number } {
  const stat = statSync(path, { bigint: true });
  return { inode: Number(stat.ino), mtimeNs: stat.mtimeNs, sizeBytes: Number(stat.size) };
}

describe("PathHasher stats", () => {
  test("prefetch stats each path once and looks hashes up in one batch per store", async () => {
    const root = project();
    writeFileSync(join(root, "a.txt"), "a\n");
    const store = countingStore();
    const warm = new PathHasher(root);
    const hashed = await warm.hash("a.txt", store);
    warm.flush();
    let batches = 0;
    let singles = 0;
    const lookupHashes = store.lookupHashes.bind(store);
    store.lookupHashes = (entries) => ((batches += 1), lookupHashes(entries));
    store.lookupHash = () => ((singles += 1), undefined);
    const hasher = new PathHasher(root);
    hasher.prefetch([{ path: "a.txt", store }, { path: "absent.txt", store }, { path: "a.txt", store }]);
    expect(batches).toBe(1);
    expect((await hasher.hash("a.txt", store, { reuseStat: true }))?.hash).toBe(hashed!.hash);
    expect(await hasher.hash("absent.txt", store, { reuseStat: true })).toBeUndefined();
    expect(singles).toBe(0);
    expect(hasher.hashedFiles).toBe(0);
    expect(hasher.lastStat(join(root, "absent.txt"))).toBeNull();
  });

  test("reuseStat judges by the last stat; a fresh hash replaces it for the next reuse", async () => {
    const root = project();
    writeFileSync(join(root, "a.txt"), "one\n");
    const hasher = new PathHasher(root);
    const first = await hasher.hash("a.txt");
    writeFileSync(join(root, "a.txt"), "two, longer\n");
    expect((await hasher.hash("a.txt", undefined, { reuseStat: true }))?.hash).toBe(first!.hash);
    const fresh = await hasher.hash("a.txt");
    expect(fresh!.hash).not.toBe(first!.hash);
    expect((await hasher.hash("a.txt", undefined, { reuseStat: true }))?.hash).toBe(fresh!.hash);
    hasher.forget("a.txt");
    expect(hasher.lastStat(join(root, "a.txt"))).toBeUndefined();
  });
});
