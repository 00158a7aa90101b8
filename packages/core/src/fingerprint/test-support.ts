/** Test-only helpers for fingerprint tests: a temp project, TS stages and an in-memory cache store. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Stage } from "../model/pipeline";
import type { StateStore } from "../plugin/state-backend";
import { TsFingerprinter } from "./ts-fingerprint";

/** A StateStore holding only the free-form cache (the fingerprint uses nothing else). */
export function memoryStore(): StateStore {
  const cached = new Map<string, string>();
  const unused = () => {
    throw new Error("not used by fingerprint tests");
  };
  return {
    stateDir: "/memory",
    getCached: (ns, key) => cached.get(`${ns}\0${key}`),
    putCached: (ns, key, value) => void cached.set(`${ns}\0${key}`, value),
    deleteCached: (ns, key) => void (key === undefined ? cached.clear() : cached.delete(`${ns}\0${key}`)),
    lookupHash: unused,
    lookupHashes: unused,
    putHashes: unused,
    getGeneration: unused,
    bumpGenerations: unused,
    getRunCache: unused,
    putRunCache: unused,
    listRunCache: unused,
    deleteRunCache: unused,
    recordRun: unused,
    listRuns: unused,
    getRun: unused,
    remoteHas: unused,
    markOnRemote: unused,
    forgetOnRemote: unused,
    transaction: (fn) => fn(),
    close: () => undefined,
  };
}

/** A stage registered in a pipeline file (`stage` set) or a `file#export` function stage. */
export function tsStage(name: string, options: { file?: string; line?: number; exportName?: string; pipelineFile?: string } = {}): Stage {
  const file = options.file ?? "pipeline.ts";
  const body = options.exportName ? { kind: "ts" as const, file, exportName: options.exportName } : { kind: "ts" as const, file: options.pipelineFile ?? file, exportName: "pipeline", stage: name };
  return {
    id: name,
    name,
    lockName: name,
    body,
    deps: [],
    outs: [],
    params: [],
    mutex: [],
    wdir: ".",
    source: options.line === undefined ? { file } : { file, line: options.line },
    pipeline: { name: "main", dir: ".", file, stateDir: "/memory" },
  };
}

export interface FingerprintProject {
  root: string;
  write(files: Record<string, string>): void;
  /** Fingerprint with a fresh fingerprinter and store (no caching between calls). */
  parts(stage: Stage): Record<string, string>;
}

const roots: string[] = [];

/** Removes the temp projects made so far (call from afterAll). */
export function removeFingerprintProjects(): void {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
}

export function fingerprintProject(files: Record<string, string>): FingerprintProject {
  const root = mkdtempSync(join(tmpdir(), "pivot-fp-"));
  roots.push(root);
  const write = (more: Record<string, string>) => {
    for (const [rel, content] of Object.entries(more)) {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), content);
    }
  };
  write(files);
  return { root, write, parts: (stage) => new TsFingerprinter().fingerprint(stage, { projectRoot: root, store: memoryStore() }) };
}

/** Part names whose value differs between two fingerprints (added and removed included). */
export function changedParts(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => before[k] !== after[k]).sort();
}
