// Test-only helpers for the outputs and tracking unit tests (not exported from the package).
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { buildGraph } from "../graph/build-graph";
import { makeStage, type StageSketch } from "../graph/stages-test-support";
import type { Stage } from "../model/pipeline";
import type { FileStat, HashCacheEntry, RunCacheEntry, StateStore } from "../plugin/state-backend";
import { cmdExecutor } from "../executor/cmd-executor";
import { PluginRegistry } from "../plugin/plugin-registry";
import { loadConfig } from "../project/config";
import type { LinkMode } from "../project/config-schema";
import type { Project } from "../project/open-project";
import { StateRouter } from "../state/state-router";

/** A working in-memory StateStore: hash cache, generations and run cache (history is not needed here). */
export function memoryStore(stateDir: string): StateStore {
  const hashes = new Map<string, HashCacheEntry>();
  const generations = new Map<string, number>();
  const runCache = new Map<string, RunCacheEntry>();
  const cached = new Map<string, string>();
  const same = (a: FileStat, b: FileStat) => a.inode === b.inode && a.mtimeNs === b.mtimeNs && a.sizeBytes === b.sizeBytes;
  return {
    stateDir,
    lookupHash: (path, stat) => {
      const hit = hashes.get(path);
      return hit && same(hit, stat) ? hit.hash : undefined;
    },
    lookupHashes: (entries) => new Map(entries.flatMap((e) => (hashes.get(e.path) && same(hashes.get(e.path)!, e) ? [[e.path, hashes.get(e.path)!.hash]] : []))),
    putHashes: (entries) => void entries.forEach((e) => hashes.set(e.path, e)),
    getGeneration: (path) => generations.get(path) ?? 0,
    bumpGenerations: (paths) => void paths.forEach((p) => generations.set(p, (generations.get(p) ?? 0) + 1)),
    getRunCache: (stage, inputHash) => runCache.get(`${stage}\0${inputHash}`),
    putRunCache: (entry) => void runCache.set(`${entry.stage}\0${entry.inputHash}`, entry),
    listRunCache: () => [...runCache.values()],
    deleteRunCache: (keys) => keys.forEach((k) => runCache.delete(`${k.stage}\0${k.inputHash}`)),
    recordRun: () => undefined,
    listRuns: () => [],
    getRun: () => undefined,
    remoteHas: () => new Set(),
    markOnRemote: () => undefined,
    forgetOnRemote: () => undefined,
    getCached: (ns, key) => cached.get(`${ns}\0${key}`),
    putCached: (ns, key, value) => void cached.set(`${ns}\0${key}`, value),
    deleteCached: (ns, key) => void (key === undefined ? cached.clear() : cached.delete(`${ns}\0${key}`)),
    transaction: (fn) => fn(),
    close: () => undefined,
  };
}

export interface TestDataProject extends Project {
  write(files: Record<string, string>): void;
  abs(rel: string): string;
}

/** A temp project (with `.pivot/`) holding `stages` (sketches), in-memory state and a real cache folder. */
export function makeDataProject(sketches: StageSketch[] = [], options: { linkModes?: LinkMode[] } = {}): TestDataProject {
  const root = mkdtempSync(join(tmpdir(), "pivot-outputs-"));
  mkdirSync(join(root, ".pivot"));
  const stages: Stage[] = sketches.map((sketch) => {
    const stage = makeStage(sketch);
    return { ...stage, pipeline: { ...stage.pipeline, stateDir: join(root, ".pivot") } };
  });
  const stores = new Map<string, StateStore>();
  const state = new StateRouter({ name: "memory", open: (dir) => stores.get(dir) ?? stores.set(dir, memoryStore(dir)).get(dir)! });
  const config = { ...loadConfig(root), ...(options.linkModes ? { linkModes: options.linkModes } : {}) };
  const registry = new PluginRegistry();
  registry.register({ name: "test-executors", version: "0", api: "^1.0.0", executors: [cmdExecutor] }, "test");
  const write = (files: Record<string, string>) => {
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), content);
    }
  };
  return {
    root,
    config,
    registry,
    stages,
    pipelines: [],
    graph: () => buildGraph(stages, { allowMissingDeps: true }),
    state,
    close: () => undefined,
    write,
    abs: (rel) => join(root, rel),
  };
}
