import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { hasStackTrace } from "../support/project";
import { cloneProject, makeRemoteProject } from "../support/remote-fixtures";

const CORE = resolve(import.meta.dir, "../../packages/core/src/plugin.ts");

/**
 * A third-party remote plugin: `flat:///folder` keeps objects flat in `<folder>/objects/<hash>`
 * and logs every call to `<folder>/calls.log`. Setting `flaky: N` fails the first N uploads of
 * each object with a transient error.
 */
const FLAT_PLUGIN = `import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { definePlugin, transientError } from ${JSON.stringify(CORE)};

function createFlatRemote(url, options) {
  const root = decodeURIComponent(url.pathname);
  const objects = join(root, "objects");
  mkdirSync(objects, { recursive: true });
  const log = (line) => appendFileSync(join(root, "calls.log"), line + "\\n");
  const flaky = Number(options.settings.flaky ?? 0);
  const attempts = new Map();
  const file = (hash) => join(objects, hash);
  return {
    url: url.href,
    async exists(hashes) {
      log("exists " + hashes.length);
      return hashes.filter((h) => existsSync(file(h))).map((hash) => ({ hash, sizeBytes: statSync(file(hash)).size }));
    },
    async *list(shard) {
      log("list " + (shard ?? "*"));
      for (const name of readdirSync(objects)) if (!name.endsWith(".tmp") && (!shard || name.startsWith(shard))) yield { hash: name };
    },
    async put(hash, localFile) {
      log("put " + hash);
      const attempt = (attempts.get(hash) ?? 0) + 1;
      attempts.set(hash, attempt);
      if (attempt <= flaky) throw transientError("flaky network");
      copyFileSync(localFile, file(hash) + ".tmp");
      renameSync(file(hash) + ".tmp", file(hash));
    },
    async get(hash, localFile) {
      log("get " + hash);
      if (!existsSync(file(hash))) return false;
      copyFileSync(file(hash), localFile);
      return true;
    },
    async delete(hashes) {
      for (const hash of hashes) rmSync(file(hash), { force: true });
    },
  };
}

export default definePlugin({
  name: "pivot-remote-flat",
  version: "1.0.0",
  api: "^1.0.0",
  remotes: [{ scheme: "flat", create: createFlatRemote }],
});
`;

function flatProject(settings = "") {
  const folder = mkdtempSync(join(tmpdir(), "pivot-flat-"));
  const project = makeRemoteProject(`flat://${folder}`, settings);
  project.write(".pivot/config.yaml", `plugins: [./flat-remote.ts]\n${project.read(".pivot/config.yaml")}`);
  project.write("flat-remote.ts", FLAT_PLUGIN);
  return { project, folder, calls: () => (existsSync(join(folder, "calls.log")) ? readFileSync(join(folder, "calls.log"), "utf8").trim().split("\n") : []) };
}

const env = { PIVOT_REMOTE_BACKOFF_MS: "1" };

describe("a third-party remote plugin", () => {
  test("adds a URL scheme that remote add, push and pull use; a second push makes no call", async () => {
    const { project, folder, calls } = flatProject();
    expect((await project.pivot("remote", "add", "flat2", `flat://${folder}/other`)).exitCode).toBe(0);
    await project.pivot("repro");
    const push = await project.pivot("push");
    expect(push.exitCode).toBe(0);
    const puts = calls().filter((c) => c.startsWith("put "));
    expect(puts.length).toBe(readdirSync(join(folder, "objects")).length);

    const before = calls().length;
    const second = await project.pivot("push");
    expect(second.exitCode).toBe(0);
    expect(calls().length).toBe(before);

    const clone = cloneProject(project);
    clone.write("flat-remote.ts", FLAT_PLUGIN);
    expect((await clone.pivot("pull")).exitCode).toBe(0);
    expect(clone.read("two.txt")).toBe("ONE\n");
    expect(calls().some((c) => c.startsWith("get "))).toBe(true);
  });

  test("transient failures from the plugin are retried by core", async () => {
    const { project, calls } = flatProject("    flaky: 2\n");
    await project.pivot("repro");
    const push = await project.pivotWith({ env }, "push");
    expect(push.exitCode).toBe(0);
    const puts = calls().filter((c) => c.startsWith("put "));
    const perObject = new Map<string, number>();
    for (const put of puts) perObject.set(put, (perObject.get(put) ?? 0) + 1);
    expect([...perObject.values()].every((n) => n === 3)).toBe(true);
  });

  test("a plugin that keeps failing ends the push with a clear message", async () => {
    const { project } = flatProject("    flaky: 100\n");
    await project.pivot("repro");
    const push = await project.pivotWith({ env }, "push");
    expect(push.exitCode).toBe(1);
    expect(push.stderr).toContain("flaky network");
    expect(push.stderr).toContain("Plugin pivot-remote-flat failed in remote.put"); // the plugin and the hook
    expect(push.stderr).toContain("again");
    expect(hasStackTrace(push.output)).toBe(false);
  });
});
