import { defineCommand } from "citty";
import {
  CONFIG_KEYS,
  PivotError,
  type ConfigScope,
  completes,
  configKeySpec,
  didYouMean,
  findProjectRoot,
  loadConfig,
  print,
  printJson,
  setConfigValue,
  success,
  unsetConfigValue,
} from "@pivot/core/internal";

const scopeArgs = {
  global: { type: "boolean", description: "Use the global config file instead of the project's" },
} as const;

function scopeOf(args: { global?: boolean }): ConfigScope {
  return args.global ? "global" : "project";
}

function requireKnownKey(key: string): void {
  if (!configKeySpec(key)) {
    throw new PivotError("CONFIG_KEY_UNKNOWN", `Unknown config key '${key}'`, {
      hint: didYouMean(key, Object.keys(CONFIG_KEYS)) ?? "Run `pivot config list` to see the keys.",
    });
  }
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? "[]" : value.join(",");
  return String(value);
}

const getCommand = defineCommand({
  meta: { name: "get", description: "Print the value of a key" },
  args: { key: { type: "positional", required: true, description: "Dotted key, e.g. cache.link", ...completes("config-keys") } },
  run({ args }) {
    requireKnownKey(args.key);
    const entry = loadConfig(findProjectRoot()).entries.find((e) => e.key === args.key);
    if (!entry) {
      process.exitCode = 1;
      return;
    }
    print(formatValue(entry.value));
  },
});

const setCommand = defineCommand({
  meta: { name: "set", description: "Set a key in the project (or --global) config file" },
  args: {
    key: { type: "positional", required: true, description: "Dotted key, e.g. cache.link", ...completes("config-keys") },
    value: { type: "positional", required: true, description: "Value; lists are comma-separated" },
    ...scopeArgs,
  },
  async run({ args }) {
    const value = await setConfigValue(scopeOf(args), findProjectRoot(), args.key, args.value);
    success(`${args.key} = ${formatValue(value)}`);
  },
});

const unsetCommand = defineCommand({
  meta: { name: "unset", description: "Remove a key from the project (or --global) config file" },
  args: { key: { type: "positional", required: true, description: "Dotted key", ...completes("config-keys") }, ...scopeArgs },
  async run({ args }) {
    requireKnownKey(args.key);
    if (!(await unsetConfigValue(scopeOf(args), findProjectRoot(), args.key))) {
      throw new PivotError("CONFIG_KEY_UNKNOWN", `'${args.key}' is not set in the ${scopeOf(args)} config`, {
        hint: "Run `pivot config list` to see where each value comes from.",
      });
    }
    success(`Removed ${args.key}`);
  },
});

const listCommand = defineCommand({
  meta: { name: "list", description: "Every key with its value and where it comes from" },
  args: { json: { type: "boolean", description: "Print JSON" } },
  run({ args }) {
    const { entries } = loadConfig(findProjectRoot());
    if (args.json) return printJson(entries);
    const width = Math.max(...entries.map((e) => e.key.length));
    for (const entry of entries) print(`${entry.key.padEnd(width)}  ${formatValue(entry.value)}  (${entry.source})`);
  },
});

export const configCommand = defineCommand({
  meta: { name: "config", description: "Get, set, unset and list configuration values" },
  subCommands: { get: getCommand, set: setCommand, unset: unsetCommand, list: listCommand },
});
