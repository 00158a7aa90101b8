import { describe, expect, test } from "bun:test";
import { appendFileSync, chmodSync, lstatSync, statSync } from "node:fs";
import { makeProject } from "../support/project";
import { lockedHash, objectFile, outputsProject } from "../support/outputs-project";
import { requireExecutable } from "../support/require-executable";

const isRoot = process.getuid?.() === 0;

/**
 * Appends to a file as an unprivileged user (nobody), the way a user without root would edit it.
 * Returns the error text, or undefined when the write went through.
 */
async function appendAsUser(path: string, text: string): Promise<string | undefined> {
  if (!isRoot) {
    try {
      appendFileSync(path, text);
      return undefined;
    } catch (error) {
      return String(error);
    }
  }
  // As root, the edit is made as nobody: root writes through any permission.
  const proc = Bun.spawn([requireExecutable("setpriv", "util-linux"), "--reuid=65534", "--regid=65534", "--clear-groups", "sh", "-c", `printf '%s' "$1" >> "$2"`, "sh", text, path], {
    stderr: "pipe",
  });
  const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
  return code === 0 ? undefined : stderr;
}

/**
 * Makes a hardlinked output writable the way root can (permissions do not stop root; any other
 * user can make a file it owns writable first): the edit then goes through the link into the
 * cached object.
 */
function forceWritable(path: string): void {
  if (!isRoot) chmodSync(path, 0o644);
}

describe("incremental outputs", () => {
  const PIPELINE = "stages:\n  log:\n    cmd: cat in.txt >> log.txt\n    deps: [in.txt]\n    outs: [{path: log.txt, persist: true}]\n";

  test("accumulate across runs, and are never hard-linked into the cache", async () => {
    const project = makeProject({ "pivot.yaml": PIPELINE, "in.txt": "first\n", ".pivot/config.yaml": "cache:\n  link: [hardlink, copy]\n" });
    expect((await project.pivot("repro")).exitCode).toBe(0);
    project.write("in.txt", "second\n");
    expect((await project.pivot("repro")).exitCode).toBe(0);
    project.write("in.txt", "third\n");
    expect((await project.pivot("repro")).exitCode).toBe(0);
    expect(project.read("log.txt")).toBe("first\nsecond\nthird\n");
    expect(statSync(project.path("log.txt")).nlink).toBe(1);
    const object = objectFile(lockedHash(project, "log", "log.txt"));
    expect(project.read(object)).toBe("first\nsecond\nthird\n");

    // Restored (deleted, then repro) and checked out: still a private writable copy.
    project.remove("log.txt");
    expect((await project.pivot("repro")).exitCode).toBe(0);
    expect(statSync(project.path("log.txt")).nlink).toBe(1);
    expect((await project.pivot("checkout", "--relink")).exitCode).toBe(0);
    expect(statSync(project.path("log.txt")).nlink).toBe(1);
    expect(statSync(project.path("log.txt")).mode & 0o200).toBe(0o200);
  });
});

describe("link safety", () => {
  test("with hardlink, outputs are read-only links to the cache; with symlink, links into it", async () => {
    const hard = outputsProject({}, ["hardlink"]);
    await hard.pivot("repro");
    const stat = statSync(hard.path("clean.txt"));
    expect([stat.nlink, stat.mode & 0o222]).toEqual([2, 0]);
    expect(stat.ino).toBe(statSync(hard.path(objectFile(lockedHash(hard, "prepare", "clean.txt")))).ino);

    const soft = outputsProject({}, ["symlink"]);
    await soft.pivot("repro");
    expect(lstatSync(soft.path("clean.txt")).isSymbolicLink()).toBe(true);
    expect(lstatSync(soft.path("parts/head.txt")).isSymbolicLink()).toBe(true);
    expect(soft.read("parts/head.txt")).toBe("HEL\n");
  });

  test("a stage re-writing a hardlinked output breaks the link first: the old cache object is untouched", async () => {
    const project = outputsProject({}, ["hardlink", "copy"]);
    await project.pivot("repro");
    const old = objectFile(lockedHash(project, "prepare", "clean.txt"));
    project.write("raw.txt", "other text\n");
    expect((await project.pivot("repro")).exitCode).toBe(0);
    expect(project.read("clean.txt")).toBe("OTHER TEXT\n");
    expect(project.read(old)).toBe("HELLO WORLD\n");
  });

  test("editing a hardlinked output in place does not change the cached object", async () => {
    const project = outputsProject({}, ["hardlink", "copy"]);
    await project.pivot("repro");
    chmodSync(project.root, 0o755); // let the unprivileged editor reach the file
    const object = objectFile(lockedHash(project, "prepare", "clean.txt"));
    expect(await appendAsUser(project.path("clean.txt"), "edited\n")).toMatch(/Permission denied|EACCES/);
    expect(project.read(object)).toBe("HELLO WORLD\n");
    expect(project.read("clean.txt")).toBe("HELLO WORLD\n");
    expect((await project.pivot("verify")).exitCode).toBe(0);
  });

  test("an in-place edit that gets through the link (root, or the file made writable) is detected, the object never reused and the cache healed", async () => {
    const project = outputsProject({}, ["hardlink", "copy"]);
    await project.pivot("repro");
    const object = objectFile(lockedHash(project, "prepare", "clean.txt"));
    forceWritable(project.path("clean.txt"));
    appendFileSync(project.path("clean.txt"), "edited\n"); // the write goes through the link
    expect(project.read(object)).toBe("HELLO WORLD\nedited\n");

    const status = await project.pivot("status");
    expect(status.stdout).toContain("clean.txt was modified");
    expect((await project.pivot("verify")).exitCode).toBe(1);
    const checkout = await project.pivot("checkout", "--force", "clean.txt");
    expect(checkout.exitCode).toBe(1);
    expect(checkout.stdout).toContain("corrupt");
    expect(project.exists(object)).toBe(false);

    expect((await project.pivot("repro")).exitCode).toBe(0);
    expect(project.read("clean.txt")).toBe("HELLO WORLD\n");
    expect(project.read(object)).toBe("HELLO WORLD\n");
    expect((await project.pivot("verify")).exitCode).toBe(0);
  });

  test("a same-size edit through a link is still caught: the next run replaces the damaged object", async () => {
    const project = outputsProject({}, ["hardlink", "copy"]);
    await project.pivot("repro");
    const object = objectFile(lockedHash(project, "prepare", "clean.txt"));
    forceWritable(project.path("clean.txt"));
    project.write("clean.txt", "HELLO WORLX\n"); // same size, same inode: the object is damaged
    expect(project.read(object)).toBe("HELLO WORLX\n");
    project.remove("clean.txt");
    const run = await project.pivot("repro");
    expect(run.exitCode).toBe(0);
    expect(project.read("clean.txt")).toBe("HELLO WORLD\n");
    expect(project.read(object)).toBe("HELLO WORLD\n");
  });
});
