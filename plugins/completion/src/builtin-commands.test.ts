import { describe, expect, test } from "bun:test";
import type { ArgsDef, CommandDef } from "citty";
import { type AnyCommand, PluginRegistry, globalFlagOf } from "@pivot/core/host";
import { builtinPlugins } from "../../../packages/cli/src/builtin-plugins";
import { checkOptions } from "../../../packages/cli/src/check-options";
import type { CompletableArg } from "./command-args";
import { completeWords } from "./complete-words";

// Completion over pivot's real commands: what it offers is what the CLI accepts, for every command.

const registry = new PluginRegistry();
for (const plugin of builtinPlugins) registry.register(plugin, plugin.name, { builtin: true });

async function resolved<T>(value: unknown): Promise<T> {
  return (typeof value === "function" ? await value() : await value) as T;
}

async function load(name: string): Promise<AnyCommand | undefined> {
  const entry = registry.command(name);
  return entry ? resolved<AnyCommand>(entry.load) : undefined;
}

/** Every command and sub-command as [path, definition]. */
async function everyCommand(): Promise<Array<[string[], CommandDef]>> {
  const found: Array<[string[], CommandDef]> = [];
  const visit = async (path: string[], command: CommandDef) => {
    found.push([path, command]);
    const subs = await resolved<Record<string, unknown> | undefined>(command.subCommands);
    for (const [name, sub] of Object.entries(subs ?? {})) await visit([...path, name], await resolved<CommandDef>(sub));
  };
  for (const entry of registry.commands()) await visit([entry.name], (await load(entry.name))!);
  return found;
}

const sources = {
  commands: registry.commands().filter((c) => !c.hidden),
  loadCommand: load,
  values: async () => [],
};

const KINDS = new Set(["stages", "stages-or-files", "remotes", "config-keys", "files"]);

describe("completion of the built-in commands", () => {
  test("every command but the hidden __complete is offered", async () => {
    const offered = (await completeWords([""], sources)).candidates.map((c) => c.value);
    expect(offered).toContain("repro");
    expect(offered).toContain("completion");
    expect(offered).not.toContain("__complete");
    expect(offered.sort()).toEqual(registry.commands().filter((c) => !c.hidden).map((c) => c.name).sort());
  });

  test("every option of every command is offered, and every option offered is one the command accepts", async () => {
    for (const [path, command] of await everyCommand()) {
      if (await resolved(command.subCommands)) continue;
      const args = (await resolved<ArgsDef | undefined>(command.args)) ?? {};
      const offered = (await completeWords([...path, "-"], sources)).candidates.map((c) => c.value);
      for (const [name, def] of Object.entries(args)) {
        if (def.type !== "positional") expect(offered).toContain(`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
      }
      const own = offered.filter((flag) => globalFlagOf(flag) === undefined);
      expect(() => checkOptions(path.join(" "), args, own)).not.toThrow();
    }
  });

  test("every `complete` field names a known kind or lists values", async () => {
    let marked = 0;
    for (const [path, command] of await everyCommand()) {
      const args = (await resolved<ArgsDef | undefined>(command.args)) ?? {};
      for (const [name, def] of Object.entries(args) as Array<[string, CompletableArg]>) {
        if (def.complete === undefined) continue;
        marked += 1;
        const valid = Array.isArray(def.complete) ? def.complete.every((v) => typeof v === "string") : KINDS.has(def.complete as string);
        expect({ command: path.join(" "), arg: name, valid }).toEqual({ command: path.join(" "), arg: name, valid: true });
      }
    }
    expect(marked).toBeGreaterThan(20);
  });

  test("sub-commands of config, remote, params and history complete", async () => {
    const names = async (...words: string[]) => (await completeWords(words, sources)).candidates.map((c) => c.value);
    expect(await names("config", "")).toEqual(["get", "set", "unset", "list"]);
    expect(await names("remote", "")).toEqual(["add", "list", "remove", "default"]);
    expect(await names("params", "")).toEqual(["show", "diff"]);
    expect(await names("history", "")).toEqual(["list", "show"]);
  });
});
