import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PluginRegistry, type StateStore, loadConfig } from "@pivot/core/internal";
import { MIN_BUN_VERSION, checkBun, checkConfig } from "./environment-checks";
import { checkCache, checkLinkModes, checkStateDbs } from "./storage-checks";

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));
function project(config = ""): string {
  const root = mkdtempSync(join(tmpdir(), "pivot-doctor-"));
  roots.push(root);
  mkdirSync(join(root, ".pivot"));
  if (config) writeFileSync(join(root, ".pivot/config.yaml"), config);
  return root;
}

describe("doctor checks", () => {
  test("Bun older than the minimum is an error with the upgrade command", () => {
    expect(checkBun("1.4.5").status).toBe("ok");
    const old = checkBun("1.0.0");
    expect(old.status).toBe("error");
    expect(old.message).toContain(MIN_BUN_VERSION);
    expect(old.fix).toContain("bun upgrade");
  });

  test("an invalid config is an error naming the file and the key", () => {
    expect(checkConfig(project()).check.status).toBe("ok");
    const { check } = checkConfig(project("cache:\n  link: [teleport]\n"));
    expect(check.status).toBe("error");
    expect(check.message).toContain("config.yaml");
    expect(check.message).toContain("cache.link");
  });

  test("the cache folder: missing is fine, a file in its place is an error, an existing one is probed", () => {
    const root = project();
    expect(checkCache(loadConfig(root)).message).toContain("not created yet");
    writeFileSync(join(root, ".pivot/cache"), "oops");
    expect(checkCache(loadConfig(root)).status).toBe("error");
    rmSync(join(root, ".pivot/cache"));
    mkdirSync(join(root, ".pivot/cache"));
    expect(checkCache(loadConfig(root))).toMatchObject({ status: "ok", message: expect.stringContaining("writable") });
  });

  test("hardlink or symlink as root is a warning about what permissions cannot stop", () => {
    const root = project("cache:\n  link: [hardlink, copy]\n");
    const asRoot = checkLinkModes(root, loadConfig(root), true);
    expect(asRoot.some((c) => c.status === "warn" && c.message.includes("root"))).toBe(true);
    expect(checkLinkModes(root, loadConfig(root), false).every((c) => c.status === "ok")).toBe(true);
    const copyRoot = project("cache:\n  link: [reflink, copy]\n");
    expect(checkLinkModes(copyRoot, loadConfig(copyRoot), true).every((c) => c.status === "ok")).toBe(true);
  });

  test("state DBs: a missing one is fine, one that fails to open is an error with a safe fix", () => {
    const root = project();
    const failing = new PluginRegistry();
    failing.register({ name: "broken-state", version: "0", api: "^1.0.0", state: { name: "broken", open: () => { throw new Error("disk I/O error"); } } }, "test");
    expect(checkStateDbs(root, [], failing)[0]!.message).toContain("no state DB yet");
    writeFileSync(join(root, ".pivot/state.db"), "x");
    const [check] = checkStateDbs(root, [], failing);
    expect(check).toMatchObject({ status: "error", message: "Plugin broken-state failed in state backend.open: disk I/O error" });
    expect(check!.fix).toContain("always safe");
    const working = new PluginRegistry();
    const store = { listRuns: () => [], close: () => undefined, recoveredFrom: undefined } as unknown as StateStore;
    working.register({ name: "memory-state", version: "0", api: "^1.0.0", state: { name: "memory", open: () => store } }, "test");
    expect(checkStateDbs(root, [], working)[0]!.status).toBe("ok");
  });
});
