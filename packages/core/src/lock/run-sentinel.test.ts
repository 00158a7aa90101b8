import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeStage } from "../graph/stages-test-support";
import type { Stage } from "../model/pipeline";
import type { PivotError } from "../errors/pivot-error";
import { acquireRunSentinel, claimRunSentinel } from "./run-sentinel";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function stageIn(id: string): { stage: Stage; marker: string; stagesDir: string } {
  const stateDir = mkdtempSync(join(tmpdir(), "pivot-sentinel-"));
  dirs.push(stateDir);
  const base = makeStage({ id });
  const stage = { ...base, pipeline: { ...base.pipeline, stateDir } };
  return { stage, marker: join(stateDir, "stages", `${id}.running`), stagesDir: join(stateDir, "stages") };
}

/** A pid that is certainly not running: a child that already exited. */
function deadPid(): number {
  const child = Bun.spawnSync(["true"]);
  return child.pid;
}

describe("acquireRunSentinel", () => {
  test("the stages folder removed after a first claim is made again for the next one", () => {
    const { stage, marker, stagesDir } = stageIn("first");
    acquireRunSentinel(stage)();
    rmSync(stagesDir, { recursive: true, force: true });
    const release = acquireRunSentinel(stage);
    expect(readFileSync(marker, "utf8")).toBe(String(process.pid));
    release();
  });

  test("the marker holds our pid while the stage runs and is gone after release", () => {
    const { stage, marker } = stageIn("train");
    const release = acquireRunSentinel(stage);
    expect(readFileSync(marker, "utf8")).toBe(String(process.pid));
    release();
    expect(existsSync(marker)).toBe(false);
  });

  test("markers of one process share one inode instead of creating a file each", () => {
    const { stage, stagesDir } = stageIn("a");
    const other = { ...stage, id: "b", name: "b", lockName: "b" };
    const releaseA = acquireRunSentinel(stage);
    const releaseB = acquireRunSentinel(other);
    expect(statSync(join(stagesDir, "a.running")).ino).toBe(statSync(join(stagesDir, "b.running")).ino);
    expect(readFileSync(join(stagesDir, "b.running"), "utf8")).toBe(String(process.pid));
    releaseA();
    releaseB();
  });

  test("a stage marked by another live process is refused, naming the stage and the marker", () => {
    const { stage, marker, stagesDir } = stageIn("train");
    mkdirSync(stagesDir, { recursive: true });
    writeFileSync(marker, String(process.ppid));
    expect(() => acquireRunSentinel(stage)).toThrow(`Stage 'train' is already running in another pivot process (pid ${process.ppid})`);
    expect(readFileSync(marker, "utf8")).toBe(String(process.ppid));
  });

  test("a marker left by a dead process is taken over", () => {
    const { stage, marker, stagesDir } = stageIn("train");
    mkdirSync(stagesDir, { recursive: true });
    writeFileSync(marker, String(deadPid()));
    const release = acquireRunSentinel(stage);
    expect(readFileSync(marker, "utf8")).toBe(String(process.pid));
    release();
  });

  test("owner files left by dead processes are removed", () => {
    const { stage, stagesDir } = stageIn("train");
    mkdirSync(stagesDir, { recursive: true });
    const leftover = join(stagesDir, `.${deadPid()}.abc123.owner`);
    writeFileSync(leftover, "1");
    acquireRunSentinel(stage)();
    expect(existsSync(leftover)).toBe(false);
    expect(readdirSync(stagesDir).filter((name) => name.endsWith(".owner"))).toHaveLength(1);
  });
});

describe("claimRunSentinel", () => {
  test("waits while another live process holds the stage, says so once, and claims it when released", async () => {
    const { stage, marker, stagesDir } = stageIn("train");
    const holder = Bun.spawn(["sleep", "30"]);
    try {
      mkdirSync(stagesDir, { recursive: true });
      writeFileSync(marker, String(holder.pid));
      const waits: number[] = [];
      const claiming = claimRunSentinel(stage, { wait: true, onWait: (pid) => waits.push(pid) });
      await Bun.sleep(150);
      expect(waits).toEqual([holder.pid]);
      rmSync(marker);
      const release = await claiming;
      expect(readFileSync(marker, "utf8")).toBe(String(process.pid));
      release();
      expect(existsSync(marker)).toBe(false);
    } finally {
      holder.kill();
    }
  });

  test("with wait: false it fails at once; an aborted wait stops with RUN_INTERRUPTED", async () => {
    const { stage, marker, stagesDir } = stageIn("train");
    const holder = Bun.spawn(["sleep", "30"]);
    try {
      mkdirSync(stagesDir, { recursive: true });
      writeFileSync(marker, String(holder.pid));
      const refused = (await claimRunSentinel(stage, { wait: false }).catch((e: unknown) => e)) as PivotError;
      expect(refused.message).toContain(`already running in another pivot process (pid ${holder.pid})`);
      const abort = new AbortController();
      const waiting = claimRunSentinel(stage, { wait: true, signal: abort.signal }).catch((e: unknown) => e as PivotError);
      abort.abort();
      expect(((await waiting) as PivotError).code).toBe("RUN_INTERRUPTED");
    } finally {
      holder.kill();
    }
  });
});
