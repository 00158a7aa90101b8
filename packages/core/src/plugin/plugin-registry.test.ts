import { describe, expect, test } from "bun:test";
import { PivotError } from "../errors/pivot-error";
import { isTransientError } from "../remote/remote-errors";
import type { Remote } from "./remote-backend";
import { definePlugin } from "./pivot-plugin";
import { PLUGIN_API_VERSION } from "./plugin-api-version";
import { PluginRegistry, callPlugin } from "./plugin-registry";

const command = (description: string) => ({ description, load: async () => ({ meta: { name: "x" } }) });
const api = "^1.0.0";
const failingRemote = (error: unknown) =>
  ({
    url: "mem://x",
    exists: async () => {
      throw error;
    },
    list: () => ({
      async *[Symbol.asyncIterator]() {
        yield { hash: "a".repeat(32) };
        throw error;
      },
    }),
    put: async () => {},
    get: async () => false,
    delete: async () => {},
  }) as Remote;

describe("PluginRegistry", () => {
  test("collects commands, remotes, executors and discovery from plugins in order", () => {
    const registry = new PluginRegistry();
    registry.register(definePlugin({ name: "a", version: "1", api, commands: { one: command("One") }, remotes: [{ scheme: "mem", create: () => ({}) as never }] }), "a");
    registry.register({ default: definePlugin({ name: "b", version: "1", api, commands: { two: command("Two") }, executors: [{ kind: "k", execute: async () => ({ ok: true }) }] }) }, "b");
    expect(registry.commands().map((c) => [c.name, c.plugin])).toEqual([["one", "a"], ["two", "b"]]);
    expect(registry.remoteSchemes()).toEqual(["mem"]);
    expect(registry.executor("k")).toBeDefined();
    expect(registry.loadedPlugins().map((p) => [p.name, p.provides])).toEqual([
      ["a", ["command:one", "remote:mem"]],
      ["b", ["command:two", "executor:k"]],
    ]);
  });

  test("a module without a plugin object is refused, naming where it came from", () => {
    const registry = new PluginRegistry();
    expect(() => registry.register({ notAPlugin: true }, "'./x.ts'")).toThrow(/Plugin '.\/x.ts' has no `name`/);
    expect(() => registry.register(undefined, "'./y.ts'")).toThrow(/'.\/y.ts' does not export a plugin object/);
    expect(() => registry.register({ name: "p", version: "1", api, commands: { bad: { load: async () => ({}) } } }, "p")).toThrow(/command 'bad' needs/);
    expect(() => registry.register({ name: "p", version: "1", api, replaces: "state" }, "p")).toThrow(/`replaces` that is not a list/);
  });

  test("the same plugin twice is refused", () => {
    const registry = new PluginRegistry();
    registry.register({ name: "p", version: "1", api }, "p");
    expect(() => registry.register({ name: "p", version: "2", api }, "'./p.ts'")).toThrow(/Plugin p is loaded twice \(again from '.\/p.ts'\)/);
  });
});

describe("plugin API versions", () => {
  test("a plugin whose range holds this pivot's API loads", () => {
    for (const range of ["^1.0.0", "^1", "1.x", ">=1.0.0 <3", "0.x || 1.x", "~1.1", "*"]) {
      expect(() => new PluginRegistry().register({ name: "p", version: "1", api: range }, "p")).not.toThrow();
    }
  });

  test("outside the range, without one, or with a malformed one it is refused, naming the plugin, its range and pivot's", () => {
    const refuse = (api: unknown) => {
      try {
        new PluginRegistry().register({ name: "pivot-plugin-old", version: "3.2.1", api }, "pivot-plugin-old");
      } catch (error) {
        expect(error).toBeInstanceOf(PivotError);
        return error as PivotError;
      }
      throw new Error(`api ${String(api)} was accepted`);
    };
    const outside = refuse("^2.0.0");
    expect(outside.message).toBe(`Plugin pivot-plugin-old supports plugin API ^2.0.0, but this pivot provides plugin API ${PLUGIN_API_VERSION}`);
    expect(outside.hint).toContain("Install a version of pivot-plugin-old made for plugin API");
    expect(refuse(undefined).message).toContain("declares no plugin API range");
    expect(refuse("banana").message).toContain('invalid plugin API range "banana"');
    expect(refuse(1).message).toContain("invalid plugin API range 1");
    expect(refuse("").hint).toContain('api: "^1.0.0"');
  });
});

describe("precedence: nothing is replaced silently", () => {
  const first = definePlugin({
    name: "first",
    version: "1",
    api,
    commands: { go: command("Go") },
    remotes: [{ scheme: "mem", create: () => ({}) as never }],
    executors: [{ kind: "cmd", execute: async () => ({ ok: true }) }],
    state: { name: "s", open: () => ({}) as never },
    watcher: { name: "w", watch: async () => ({ add() {}, close: async () => {} }) },
    discovery: [{ name: "yaml", configFiles: ["pivot.yaml"], load: async () => ({ stages: [] }) as never }],
  });

  test("providing what an earlier plugin provides is an error naming both and the way out", () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ commands: { go: command("Go") } }, "command 'go'"],
      [{ remotes: [{ scheme: "mem", create: () => ({}) }] }, "remote scheme 'mem'"],
      [{ executors: [{ kind: "cmd", execute: async () => ({ ok: true }) }] }, "executor for stage kind 'cmd'"],
      [{ state: { open: () => ({}) } }, "the state backend"],
      [{ watcher: { name: "w2", watch: async () => ({}) } }, "the file watcher"],
      [{ discovery: [{ name: "yaml", configFiles: ["x.yaml"], load: async () => ({}) }] }, "pipeline format 'yaml'"],
    ];
    for (const [provides, what] of cases) {
      const registry = new PluginRegistry();
      registry.register(first, "first", { builtin: true });
      let caught: PivotError | undefined;
      try {
        registry.register({ name: "second", version: "1", api, ...provides }, "second");
      } catch (error) {
        caught = error as PivotError;
      }
      expect(caught?.message).toBe(`Plugin second provides ${what}, already provided by first`);
      expect(caught?.hint).toMatch(/add `replaces: \[".+"\]` to second/);
    }
  });

  test("`replaces` takes over on purpose, and says who replaced whom", () => {
    const registry = new PluginRegistry();
    registry.register(first, "first", { builtin: true });
    const mine = { scheme: "mem", create: () => ({ url: "mine" }) as never };
    registry.register({ name: "second", version: "1", api, replaces: ["remote:mem", "state"], remotes: [mine], state: { open: () => ({ tag: "second" }) } }, "'./second.ts'");
    expect(registry.remoteBackend("mem")!.create(new URL("mem://x"), {} as never)).toMatchObject({ url: "mine" });
    expect(registry.provisions().find((p) => p.key === "remote:mem")).toEqual({ key: "remote:mem", plugin: "second", replaced: ["first"] });
    const [firstLoaded, secondLoaded] = registry.loadedPlugins();
    expect(firstLoaded!.provides).toEqual(["command:go", "executor:cmd", "discovery:yaml", "watcher"]);
    expect(firstLoaded!.replacedBy).toEqual([
      { key: "remote:mem", plugin: "second" },
      { key: "state", plugin: "second" },
    ]);
    expect(secondLoaded).toMatchObject({ origin: "'./second.ts'", builtin: false, provides: ["remote:mem", "state"] });
  });

  test("replacing what nobody provides, or what the plugin does not provide itself, is an error", () => {
    const registry = new PluginRegistry();
    registry.register(first, "first", { builtin: true });
    expect(() => registry.register({ name: "s", version: "1", api, replaces: ["remote:mme"], remotes: [{ scheme: "mme", create: () => ({}) }] }, "s")).toThrow(
      /replaces 'remote:mme', which no plugin loaded before it provides/,
    );
    expect(() => registry.register({ name: "t", version: "1", api, replaces: ["watcher"] }, "t")).toThrow(/replaces 'watcher' but does not provide it itself/);
  });
});

describe("every call into a third-party plugin is tagged", () => {
  test("setup and discovery failures name the plugin and the hook", async () => {
    const failure = await callPlugin("pivot-plugin-x", "setup", () => {
      throw new Error("boom");
    }).catch((e) => e);
    expect(failure).toBeInstanceOf(PivotError);
    expect(failure.message).toBe("Plugin pivot-plugin-x failed in setup: boom");
    const tagged = await callPlugin("pivot-plugin-y", "load", () => {
      throw new PivotError("USAGE", "bad");
    }).catch((e) => e);
    expect(tagged.plugin).toBe("pivot-plugin-y");
  });

  test("a remote's failures name the plugin and method; transient ones stay transient for retries", async () => {
    const registry = new PluginRegistry();
    const dropped = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    registry.register({ name: "pivot-plugin-mem", version: "1", api, remotes: [{ scheme: "mem", create: () => failingRemote(dropped) }] }, "m");
    const remote = await registry.remoteBackend("mem")!.create(new URL("mem://x"), {} as never);
    const failure = await remote.exists(["a"]).catch((e) => e);
    expect(failure).toBeInstanceOf(PivotError);
    expect(failure.message).toBe("Plugin pivot-plugin-mem failed in remote.exists: socket hang up");
    expect(isTransientError(failure)).toBe(true);
    const seen: string[] = [];
    const listing = await (async () => {
      for await (const info of remote.list()) seen.push(info.hash);
    })().catch((e) => e);
    expect(seen).toHaveLength(1);
    expect(listing.message).toBe("Plugin pivot-plugin-mem failed in remote.list: socket hang up");
    expect(remote.url).toBe("mem://x");
  });

  test("executor, state store and watcher failures are tagged; sync methods stay sync; built-ins are left as they are", async () => {
    class Store {
      readonly #rows = 3;
      count(): number {
        return this.#rows;
      }
      broken(): void {
        throw new TypeError("no such table");
      }
    }
    const registry = new PluginRegistry();
    const executor = { kind: "py", execute: async () => Promise.reject(new Error("python3 not found")) };
    registry.register({ name: "pivot-plugin-py", version: "1", api, executors: [executor], state: { open: () => new Store() as never } }, "p");
    const failure = await registry.executor("py")!.execute({} as never, {} as never).catch((e) => e);
    expect(failure.message).toBe("Plugin pivot-plugin-py failed in executor 'py'.execute: python3 not found");
    const store = registry.stateBackend().open("/x") as unknown as Store;
    expect(store.count()).toBe(3);
    expect(() => store.broken()).toThrow("Plugin pivot-plugin-py failed in state store.broken: no such table");

    const builtin = new PluginRegistry();
    builtin.register({ name: "@pivot/plugin-py", version: "1", api, executors: [executor] }, "p", { builtin: true });
    expect(builtin.executor("py")).toBe(executor);
  });

  test("without a state backend, asking for one is a clear error", () => {
    expect(() => new PluginRegistry().stateBackend()).toThrow(/No state backend/);
  });
});
