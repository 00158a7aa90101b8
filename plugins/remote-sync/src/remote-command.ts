import { defineCommand } from "citty";
import { completes, type ConfigScope, addRemote, findProjectRoot, hostContext, listRemotes, loadConfig, print, printJson, removeRemote, setDefaultRemote, success } from "@pivot/core/internal";

const scopeArg = { global: { type: "boolean", description: "Use the global config file instead of the project's" } } as const;

function scopeOf(args: { global?: boolean }): ConfigScope {
  return args.global ? "global" : "project";
}

const addCommand = defineCommand({
  meta: { name: "add", description: "Add a remote: s3://bucket/prefix, file:///path, or a folder path" },
  args: {
    name: { type: "positional", required: true, description: "Remote name (letters, digits, - and _)", ...completes([]) },
    url: { type: "positional", required: true, description: "s3://bucket/prefix, file:///abs/path, or a path relative to the project root" },
    default: { type: "boolean", alias: "d", description: "Make it the default remote" },
    force: { type: "boolean", alias: "f", description: "Replace an existing remote of that name" },
    ...scopeArg,
  },
  async run({ args }) {
    const root = findProjectRoot();
    await addRemote(root, hostContext().registry, args.name, args.url, { scope: scopeOf(args), makeDefault: args.default === true, force: args.force === true });
    success(`Added remote ${args.name} → ${args.url}${args.default ? " (default)" : ""}`);
  },
});

const listCommand = defineCommand({
  meta: { name: "list", description: "List the remotes (the default one is marked)" },
  args: { json: { type: "boolean", description: "Print JSON" } },
  run({ args }) {
    const remotes = listRemotes(loadConfig(findProjectRoot()));
    if (args.json) return printJson(remotes);
    const width = Math.max(0, ...remotes.map((r) => r.name.length));
    for (const remote of remotes) print(`${remote.name.padEnd(width)}  ${remote.url}${remote.isDefault ? "  (default)" : ""}`);
  },
});

const removeCommand = defineCommand({
  meta: { name: "remove", description: "Remove a remote from the config" },
  args: { name: { type: "positional", required: true, description: "Remote name", ...completes("remotes") }, ...scopeArg },
  async run({ args }) {
    await removeRemote(findProjectRoot(), args.name, scopeOf(args));
    success(`Removed remote ${args.name}`);
  },
});

const defaultCommand = defineCommand({
  meta: { name: "default", description: "Show the default remote, or set it" },
  args: { name: { type: "positional", required: false, description: "Remote to make the default", ...completes("remotes") }, ...scopeArg },
  async run({ args }) {
    const root = findProjectRoot();
    if (args.name === undefined) {
      const current = loadConfig(root).defaultRemote;
      if (current === undefined) process.exitCode = 1;
      else print(current);
      return;
    }
    await setDefaultRemote(root, args.name, scopeOf(args));
    success(`Default remote: ${args.name}`);
  },
});

export const remoteCommand = defineCommand({
  meta: { name: "remote", description: "Add, list, remove remotes and choose the default" },
  // `pivot remote` alone lists them; `pivot remote --json` too.
  args: { json: { type: "boolean", description: "Print JSON (list)" } },
  default: "list",
  subCommands: { add: addCommand, list: listCommand, remove: removeCommand, default: defaultCommand },
});
