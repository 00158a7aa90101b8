import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lazyExecutor } from "../define";
import { definePlugin } from "../plugin/pivot-plugin";
import { PluginRegistry } from "../plugin/plugin-registry";
import { defaultJobs } from "../project/config-schema";
import { loadConfig } from "../project/config";
import { watchRunJobs } from "./watch-run";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A project folder with this `.pivot/config.yaml`, and a registry with a cluster executor like slurm's. */
function projectWith(configYaml: string) {
  const root = mkdtempSync(join(tmpdir(), "pivot-watch-jobs-"));
  dirs.push(root);
  mkdirSync(join(root, ".pivot"));
  writeFileSync(join(root, ".pivot", "config.yaml"), configYaml);
  const registry = new PluginRegistry();
  const cluster = lazyExecutor({ kind: "cmd", name: "cluster", defaultJobs: 100 }, async () => ({ kind: "cmd", name: "cluster", execute: async () => ({ ok: true }) }));
  registry.register(definePlugin({ name: "cluster-executor", version: "1", api: "^1.0.0", executors: [cluster] }), "test");
  return { config: loadConfig(root), registry };
}

describe("watchRunJobs: --jobs of a run in watch mode, as for plain repro", () => {
  test("a cluster executor's default when neither --jobs nor core.jobs says", () => {
    expect(watchRunJobs({}, projectWith("executor: cluster\n"))).toBe(100);
  });

  test("core.jobs wins over the executor's default, --jobs over both", () => {
    const project = projectWith("executor: cluster\ncore:\n  jobs: 7\n");
    expect(watchRunJobs({}, project)).toBe(7);
    expect(watchRunJobs({ jobs: 3 }, project)).toBe(3);
  });

  test("the local executor: the CPUs", () => {
    expect(watchRunJobs({}, projectWith(""))).toBe(defaultJobs());
  });
});
