import { describe, expect, test } from "bun:test";
import { PivotError } from "../errors/pivot-error";
import { definePlugin } from "./pivot-plugin";
import { PluginRegistry, callPlugin } from "./plugin-registry";

const command = (description: string) => ({ description, load: async () => ({ meta: { name: "x" } }) });

describe("PluginRegistry", () => {
  test("collects commands, remotes, executors and discovery from plugins in order", () => {
    const registry = new PluginRegistry();
    registry.register(definePlugin({ name: "a", version: "1", commands: { one: command("One") }, remotes: [{ scheme: "mem", create: () => ({}) as never }] }), "a");
    registry.register({ default: definePlugin({ name: "b", version: "1", commands: { two: command("Two") }, executors: [{ kind: "k", execute: async () => ({ ok: true }) }] }) }, "b");
    expect(registry.commands().map((c) => [c.name, c.plugin])).toEqual([["one", "a"], ["two", "b"]]);
    expect(registry.remoteSchemes()).toEqual(["mem"]);
    expect(registry.executor("k")).toBeDefined();
  });

  test("two plugins registering one command name is an error naming both", () => {
    const registry = new PluginRegistry();
    registry.register(definePlugin({ name: "first", version: "1", commands: { go: command("Go") } }), "first");
    expect(() => registry.register(definePlugin({ name: "second", version: "1", commands: { go: command("Go") } }), "second")).toThrow(
      /second registers command 'go', already registered by first/,
    );
  });

  test("a module without a plugin object is refused, naming where it came from", () => {
    const registry = new PluginRegistry();
    expect(() => registry.register({ notAPlugin: true }, "'./x.ts'")).toThrow(/Plugin '.\/x.ts' has no `name`/);
    expect(() => registry.register(undefined, "'./y.ts'")).toThrow(/'.\/y.ts' does not export a plugin object/);
  });

  test("a command without description or load is refused", () => {
    const registry = new PluginRegistry();
    expect(() => registry.register({ name: "p", version: "1", commands: { bad: { load: async () => ({}) } } }, "p")).toThrow(/command 'bad' needs/);
  });

  test("errors thrown by a plugin are tagged with its name", async () => {
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

  test("without a state backend, asking for one is a clear error", () => {
    expect(() => new PluginRegistry().stateBackend()).toThrow(/No state backend/);
  });
});
