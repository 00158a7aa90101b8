import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PluginRegistry, beginSnapshot, openProject, parseSnapshotText, snapshotClock, snapshotText } from "@pivot/core/internal";
import { type SnapshotInvocation, checkSnapshot, snapshotChanges } from "@pivot/core/up-to-date";
import discoveryYaml from "@pivot/plugin-discovery-yaml";
import stateSqlite from "@pivot/plugin-state-sqlite";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const PIPELINE = "stages:\n  copy:\n    cmd: cp in.txt out.txt\n    deps: [in.txt, data/]\n    outs: [out.txt]\n    params: [p.x]\n";

/** A project with one stage, its files and lock file (the snapshot records what a check read). */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), "pivot-snapshot-"));
  roots.push(root);
  mkdirSync(join(root, ".pivot/stages"), { recursive: true });
  writeFileSync(join(root, "pivot.yaml"), PIPELINE);
  writeFileSync(join(root, "params.yaml"), "p:\n  x: 1\n");
  writeFileSync(join(root, "in.txt"), "x\n");
  writeFileSync(join(root, "out.txt"), "x\n");
  mkdirSync(join(root, "data/sub"), { recursive: true });
  writeFileSync(join(root, "data/a.txt"), "a\n");
  writeFileSync(join(root, "data/sub/b.txt"), "b\n");
  writeFileSync(join(root, ".pivot/stages/copy.lock"), "schema: 1\n"); // only its stat is recorded
  return root;
}

function registry(): PluginRegistry {
  const r = new PluginRegistry();
  r.register(discoveryYaml, discoveryYaml.name, { builtin: true });
  r.register(stateSqlite, stateSqlite.name, { builtin: true });
  return r;
}

async function snapshotAround(root: string, clock: number, betweenClockAndRead?: () => void): Promise<SnapshotInvocation> {
  const reg = registry();
  betweenClockAndRead?.();
  const loaded = await openProject({ cwd: root, registry: reg });
  const invocation: SnapshotInvocation = { projectRoot: root, cwd: root, command: "repro", targets: [], all: false, discovery: reg.discoveryPlugins() };
  try {
    const pending = beginSnapshot(loaded, invocation, ["copy"], clock);
    expect(pending).toBeDefined();
    pending!.finish(true);
  } finally {
    loaded.close();
  }
  return invocation;
}

/** The snapshot files written so far (none, and no folder, before the first). */
const snapshotFiles = (root: string) => {
  const folder = join(root, ".pivot/tmp/up-to-date");
  return existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith(".jsonl")) : [];
};

/** A project with its snapshot written: the file, its parsed content, and the signature of a project file now. */
async function writtenSnapshot() {
  const root = project();
  await Bun.sleep(20);
  const invocation = await snapshotAround(root, snapshotClock(root));
  const [name] = snapshotFiles(root);
  const file = join(root, ".pivot/tmp/up-to-date", name!);
  const snapshot = parseSnapshotText(readFileSync(file, "utf8"))!;
  const sig = (rel: string) => {
    const s = statSync(join(root, rel));
    return [join(root, rel), s.mtimeMs, s.ctimeMs, s.ino, s.size];
  };
  return { root, invocation, file, snapshot, sig };
}

describe("up-to-date snapshot", () => {
  test("written when every recorded file is older than the command's start, and holds until one changes", async () => {
    const root = project();
    await Bun.sleep(20);
    const invocation = await snapshotAround(root, snapshotClock(root));
    expect(snapshotFiles(root)).toHaveLength(1);
    const held = await checkSnapshot(invocation);
    expect(held?.stages).toEqual(["copy"]);
    expect(held?.recorded).toBeGreaterThan(0);
    const [name] = snapshotFiles(root);
    const recorded = parseSnapshotText(readFileSync(join(root, ".pivot/tmp/up-to-date", name!), "utf8"));
    expect(recorded?.files.map((f) => f[0])).toContain(join(root, "in.txt"));
    writeFileSync(join(root, "in.txt"), "x\n"); // same content and size: only the stat changes
    expect(await checkSnapshot(invocation)).toBeUndefined();
  });

  test("not written when a file changed after the command started (its content may not be what was read)", async () => {
    const root = project();
    await Bun.sleep(20);
    const clock = snapshotClock(root);
    await snapshotAround(root, clock, () => writeFileSync(join(root, "pivot.yaml"), PIPELINE));
    expect(snapshotFiles(root)).toHaveLength(0);
  });

  test("not written when a file the check must have read is gone (removed during the command)", async () => {
    const root = project();
    await Bun.sleep(20);
    const clock = snapshotClock(root);
    const reg = registry();
    const loaded = await openProject({ cwd: root, registry: reg });
    const invocation: SnapshotInvocation = { projectRoot: root, cwd: root, command: "repro", targets: [], all: false, discovery: reg.discoveryPlugins() };
    const pending = beginSnapshot(loaded, invocation, ["copy"], clock);
    rmSync(join(root, ".pivot/stages/copy.lock"));
    pending!.finish(true);
    loaded.close();
    expect(snapshotFiles(root)).toHaveLength(0);
  });

  test("a missing file recorded as absent must stay absent", async () => {
    const root = project();
    await Bun.sleep(20);
    const invocation = await snapshotAround(root, snapshotClock(root));
    expect(await checkSnapshot(invocation)).toBeDefined();
    writeFileSync(join(root, ".pivot/config.yaml"), "core:\n  jobs: 1\n");
    expect(await checkSnapshot(invocation)).toBeUndefined();
  });

  test("a changed key (another target) or an unreadable snapshot file answers nothing", async () => {
    const root = project();
    await Bun.sleep(20);
    const invocation = await snapshotAround(root, snapshotClock(root));
    expect(await checkSnapshot({ ...invocation, targets: ["copy"] })).toBeUndefined();
    const [file] = snapshotFiles(root);
    writeFileSync(join(root, ".pivot/tmp/up-to-date", file!), "{not json");
    expect(await checkSnapshot(invocation)).toBeUndefined();
    expect(existsSync(join(root, ".pivot/tmp/up-to-date", file!))).toBe(true);
  });

  test("a large snapshot is checked in two halves at once; a change in either half is seen", async () => {
    const { root, invocation, file, snapshot, sig } = await writtenSnapshot();
    // Pad the recorded files past the two-thread threshold: the same two files, many times over.
    writeFileSync(join(root, "first.txt"), "1\n");
    writeFileSync(join(root, "last.txt"), "2\n");
    const half = 20_000;
    snapshot.files = [...snapshot.files, ...Array.from({ length: half }, () => sig("first.txt")), ...Array.from({ length: half }, () => sig("last.txt"))] as typeof snapshot.files;
    writeFileSync(file, snapshotText(snapshot));
    expect(statSync(file).size).toBeGreaterThan(2 * 1024 * 1024);
    expect((await checkSnapshot(invocation))?.recorded).toBe(snapshot.files.length);
    writeFileSync(join(root, "last.txt"), "3\n"); // only in the worker's half
    expect(await checkSnapshot(invocation)).toBeUndefined();
    writeFileSync(join(root, "last.txt"), "2\n");
    snapshot.files = snapshot.files.map((f) => (f[0] === join(root, "last.txt") ? sig("last.txt") : f)) as typeof snapshot.files;
    writeFileSync(file, snapshotText(snapshot));
    expect(await checkSnapshot(invocation)).toBeDefined();
    writeFileSync(join(root, "first.txt"), "4\n"); // only in the main thread's half
    expect(await checkSnapshot(invocation)).toBeUndefined();
  });

  test("what changed in a large snapshot: every change in both halves, not the tracked zone; a global change answers nothing", async () => {
    const { root, invocation, file, snapshot, sig } = await writtenSnapshot();
    const padding = (prefix: string) => {
      for (let i = 0; i < 50; i++) writeFileSync(join(root, `${prefix}${i}.txt`), "p\n");
      return Array.from({ length: 20_000 }, (_, i) => sig(`${prefix}${i % 50}.txt`));
    };
    // Two halves of recorded stage files (a* in the main thread's half, b* in the worker's), then one tracked file.
    writeFileSync(join(root, "tracked.txt"), "t\n");
    snapshot.files = [...snapshot.files, ...padding("a"), ...padding("b"), sig("tracked.txt")] as typeof snapshot.files;
    snapshot.zones = { ...snapshot.zones, stages: snapshot.files.length - 1 };
    writeFileSync(file, snapshotText(snapshot));
    expect(statSync(file).size).toBeGreaterThan(2 * 1024 * 1024);
    expect((await snapshotChanges(invocation))?.changed).toEqual([]);
    writeFileSync(join(root, "a3.txt"), "changed\n");
    writeFileSync(join(root, "b7.txt"), "changed\n");
    writeFileSync(join(root, "tracked.txt"), "changed\n");
    const changed = (await snapshotChanges(invocation))?.changed ?? [];
    expect(new Set(changed)).toEqual(new Set([join(root, "a3.txt"), join(root, "b7.txt")]));
    expect(changed).toHaveLength(2 * (20_000 / 50));
    // The fast path's scan is handed on while the snapshot file is the one it scanned.
    expect(await checkSnapshot(invocation, { listChanges: true })).toBeUndefined();
    writeFileSync(join(root, "b8.txt"), "changed later\n");
    expect(new Set((await snapshotChanges(invocation))?.changed)).toEqual(new Set([join(root, "a3.txt"), join(root, "b7.txt")]));
    expect(new Set((await snapshotChanges(invocation))?.changed)).toEqual(new Set([join(root, "a3.txt"), join(root, "b7.txt"), join(root, "b8.txt")]));
    writeFileSync(join(root, "pivot.yaml"), `${PIPELINE}\n`); // read by every decision
    expect(await snapshotChanges(invocation)).toBeUndefined();
  });

  /** Rewrites a file with other bytes of the same size and puts its mtime back. */
  const rewriteKeepingMtime = (file: string, content: string) => {
    const before = statSync(file);
    writeFileSync(file, content);
    utimesSync(file, before.atime, before.mtime);
  };
  const changes: Array<[string, (root: string) => void]> = [
    ["a dep rewritten, same size and mtime", (r) => rewriteKeepingMtime(join(r, "in.txt"), "y\n")],
    ["an output rewritten, same size and mtime", (r) => rewriteKeepingMtime(join(r, "out.txt"), "z\n")],
    ["a file in a folder dep rewritten, same size and mtime", (r) => rewriteKeepingMtime(join(r, "data/sub/b.txt"), "c\n")],
    ["the pipeline file rewritten, same size and mtime", (r) => rewriteKeepingMtime(join(r, "pivot.yaml"), PIPELINE.replace("cp in", "ln in"))],
    ["the params file rewritten, same size and mtime", (r) => rewriteKeepingMtime(join(r, "params.yaml"), "p:\n  x: 2\n")],
    ["the lock file rewritten with the same bytes", (r) => writeFileSync(join(r, ".pivot/stages/copy.lock"), "schema: 1\n")],
    ["a dep made executable", (r) => chmodSync(join(r, "in.txt"), 0o755)],
    ["a file added to a folder dep", (r) => writeFileSync(join(r, "data/new.txt"), "")],
    ["a file added to a subfolder of a folder dep", (r) => writeFileSync(join(r, "data/sub/new.txt"), "")],
    ["a file removed from a folder dep", (r) => rmSync(join(r, "data/a.txt"))],
    ["a file renamed inside a folder dep", (r) => renameSync(join(r, "data/a.txt"), join(r, "data/z.txt"))],
    ["a dep replaced by a symlink to the same content", (r) => (writeFileSync(join(r, "same.txt"), "x\n"), rmSync(join(r, "in.txt")), symlinkSync(join(r, "same.txt"), join(r, "in.txt")))],
    ["an output hardlinked elsewhere (its inode changed)", (r) => linkSync(join(r, "out.txt"), join(r, "copy-of-out.txt"))],
    ["the project config created", (r) => writeFileSync(join(r, ".pivot/config.yaml"), "")],
    ["a second pipeline file next to the first", (r) => writeFileSync(join(r, "pivot.yml"), "")],
  ];
  for (const [what, change] of changes) {
    test(`no longer holds after: ${what}`, async () => {
      const root = project();
      await Bun.sleep(20);
      const invocation = await snapshotAround(root, snapshotClock(root));
      expect(await checkSnapshot(invocation)).toBeDefined();
      change(root);
      expect(await checkSnapshot(invocation)).toBeUndefined();
    });
  }
});
