import { describe, expect, test } from "bun:test";
import { defineCommand } from "citty";
import { completes } from "@pivot/core/define";
import type { AnyCommand } from "@pivot/core/define";
import { type CompletionSources, type ProjectValueKind, completeWords } from "./complete-words";

// A small command tree shaped like pivot's own (options shared by spreading, sub-commands, a
// default sub-command), and the values a project would hold.
const allArgs = { all: { type: "boolean", alias: "a", description: "Every pipeline" } } as const;

const COMMANDS: Record<string, AnyCommand> = {
  repro: defineCommand({
    meta: { name: "repro", description: "Bring stages up to date" },
    args: {
      targets: { type: "positional", required: false, description: "Stages", ...completes("stages") },
      force: { type: "boolean", alias: "f", description: "Run anyway" },
      dryRun: { type: "boolean", alias: "n", description: "Only show" },
      jobs: { type: "string", alias: "j", description: "Stages at once" },
      ...allArgs,
    },
  }),
  remote: defineCommand({
    meta: { name: "remote", description: "Remotes" },
    args: { json: { type: "boolean", description: "Print JSON" } },
    default: "list",
    subCommands: {
      add: defineCommand({ meta: { name: "add", description: "Add a remote" }, args: { name: { type: "positional", ...completes([]) }, url: { type: "positional" } } }),
      list: defineCommand({ meta: { name: "list", description: "List the remotes" }, args: { long: { type: "boolean", description: "With settings" } } }),
      remove: defineCommand({ meta: { name: "remove", description: "Remove a remote" }, args: { name: { type: "positional", ...completes("remotes") } } }),
      prune: defineCommand({ meta: { name: "prune", description: "Internal", hidden: true } }),
    },
  }),
  config: defineCommand({
    meta: { name: "config", description: "Configuration" },
    subCommands: {
      get: defineCommand({ meta: { name: "get", description: "Print a value" }, args: { key: { type: "positional", ...completes("config-keys") } } }),
      set: defineCommand({ meta: { name: "set", description: "Set a value" }, args: { key: { type: "positional", ...completes("config-keys") }, value: { type: "positional" } } }),
    },
  }),
  push: defineCommand({
    meta: { name: "push", description: "Upload" },
    args: {
      targets: { type: "positional", required: false, ...completes("stages-or-files") },
      remote: { type: "string", alias: "r", description: "Remote name", ...completes("remotes") },
      ...allArgs,
    },
  }),
  params: defineCommand({
    meta: { name: "params", description: "Parameters" },
    args: {
      rev: { type: "string", alias: "r", description: "Git revision" },
      format: { type: "enum", options: ["table", "json", "md"], description: "Output format" },
      output: { type: "string", description: "Where to write", ...completes("files") },
      color: { type: "boolean", default: true, description: "Colour tables" },
    },
  }),
  completion: defineCommand({ meta: { name: "completion" }, args: { shell: { type: "positional", ...completes(["bash", "zsh", "fish"]) } } }),
};

const LOCAL_STAGES = ["prepare", "train", "train@small", "train@large"];

/** Sources over COMMANDS; `loaded` records which commands were loaded. */
function sources(loaded: string[] = []): CompletionSources {
  return {
    commands: Object.entries(COMMANDS).map(([name, c]) => ({ name, description: `${name} description` })),
    async loadCommand(name) {
      loaded.push(name);
      return COMMANDS[name];
    },
    async values(kind: ProjectValueKind, { all }) {
      if (kind === "stages") return all ? [...LOCAL_STAGES, "sub/evaluate"] : LOCAL_STAGES;
      if (kind === "remotes") return ["backup", "origin"];
      return ["cache.dir", "core.jobs", "core.fsync", "remotes.origin.url"];
    },
  };
}

async function values(...words: string[]): Promise<string[]> {
  return (await completeWords(words, sources())).candidates.map((c) => c.value);
}

describe("command names", () => {
  test("a prefix completes the commands starting with it, with their descriptions", async () => {
    const { candidates, files } = await completeWords(["re"], sources());
    expect(candidates).toEqual([{ value: "repro", description: "repro description" }, { value: "remote", description: "remote description" }]);
    expect(files).toBe(false);
  });

  test("an empty word offers every command, without loading any", async () => {
    const loaded: string[] = [];
    const { candidates } = await completeWords([""], sources(loaded));
    expect(candidates.map((c) => c.value)).toEqual(Object.keys(COMMANDS));
    expect(loaded).toEqual([]);
  });

  test("a dash before the command offers the global options and --help", async () => {
    expect(await values("-")).toEqual(["--verbose", "-v", "--quiet", "-q", "--no-color", "--version", "-V", "--help", "-h"]);
  });

  test("global options before the command are skipped", async () => {
    expect(await values("-v", "--no-color", "repro", "--f")).toEqual(["--force"]);
  });

  test("an unknown command offers nothing", async () => {
    expect(await completeWords(["nope", ""], sources())).toEqual({ candidates: [], files: false });
  });
});

describe("options", () => {
  test("come from the command's args: long names in kebab case, aliases, then global options", async () => {
    expect(await values("repro", "--")).toEqual(["--force", "--dry-run", "--jobs", "--all", "--verbose", "--quiet", "--no-color", "--help"]);
    expect(await values("repro", "-")).toContain("-n");
    expect(await values("repro", "--d")).toEqual(["--dry-run"]);
  });

  test("carry their description", async () => {
    const { candidates } = await completeWords(["repro", "--f"], sources());
    expect(candidates).toEqual([{ value: "--force", description: "Run anyway" }]);
  });

  test("a flag already on the line is not offered again; an option taking a value is", async () => {
    const offered = await values("repro", "--force", "-j", "2", "-");
    expect(offered).not.toContain("--force");
    expect(offered).not.toContain("-f");
    expect(offered).toContain("--jobs");
  });

  test("a boolean that defaults to true offers its --no- form", async () => {
    expect(await values("params", "--no")).toEqual(["--no-color"]);
  });

  test("only the command on the line is loaded", async () => {
    const loaded: string[] = [];
    await completeWords(["repro", "--"], sources(loaded));
    expect(loaded).toEqual(["repro"]);
  });

  test("after `--` every word is an argument, not an option", async () => {
    expect(await values("repro", "--", "--f")).toEqual([]);
    expect(await values("repro", "--", "tr")).toEqual(["train", "train@small", "train@large"]);
  });
});

describe("argument values", () => {
  test("stage names of the current pipeline complete a stage argument", async () => {
    const { candidates, files } = await completeWords(["repro", "tr"], sources());
    expect(candidates.map((c) => c.value)).toEqual(["train", "train@small", "train@large"]);
    expect(files).toBe(false);
  });

  test("with --all, -a or a bundle holding -a, stages of every pipeline", async () => {
    expect(await values("repro", "s")).toEqual([]);
    expect(await values("repro", "--all", "s")).toEqual(["sub/evaluate"]);
    expect(await values("repro", "-a", "s")).toEqual(["sub/evaluate"]);
    expect(await values("repro", "-fa", "s")).toEqual(["sub/evaluate"]);
  });

  test("stage names come after other stage names and after option values", async () => {
    expect(await values("repro", "prepare", "-j", "4", "tr")).toEqual(["train", "train@small", "train@large"]);
  });

  test("stages-or-files offers stages and asks the shell for file names", async () => {
    expect(await completeWords(["push", "p"], sources())).toEqual({ candidates: [{ value: "prepare" }], files: true });
  });

  test("remote names complete --remote and its alias, in both spellings", async () => {
    expect(await values("push", "--remote", "")).toEqual(["backup", "origin"]);
    expect(await values("push", "-r", "o")).toEqual(["origin"]);
    expect(await values("push", "--remote=o")).toEqual(["--remote=origin"]);
  });

  test("-r means what the command says: a git revision for params, so no remote names", async () => {
    expect(await completeWords(["params", "-r", ""], sources())).toEqual({ candidates: [], files: false });
  });

  test("an enum option completes its choices, a files option asks for file names", async () => {
    expect(await values("params", "--format", "")).toEqual(["table", "json", "md"]);
    expect(await completeWords(["params", "--output", ""], sources())).toEqual({ candidates: [], files: true });
  });

  test("a fixed list completes as given", async () => {
    expect(await values("completion", "")).toEqual(["bash", "zsh", "fish"]);
    expect(await values("completion", "z")).toEqual(["zsh"]);
  });

  test("a positional without `complete` asks for file names; an empty list offers nothing", async () => {
    expect(await completeWords(["remote", "add", "origin", ""], sources())).toEqual({ candidates: [], files: true });
    expect(await completeWords(["remote", "add", ""], sources())).toEqual({ candidates: [], files: false });
  });
});

describe("sub-commands", () => {
  test("complete after their command, with descriptions, hidden ones left out", async () => {
    const { candidates } = await completeWords(["remote", ""], sources());
    expect(candidates).toEqual([
      { value: "add", description: "Add a remote" },
      { value: "list", description: "List the remotes" },
      { value: "remove", description: "Remove a remote" },
    ]);
    expect(await values("config", "s")).toEqual(["set"]);
  });

  test("their arguments complete like a command's", async () => {
    expect(await values("remote", "remove", "")).toEqual(["backup", "origin"]);
    expect(await values("config", "get", "core.")).toEqual(["core.jobs", "core.fsync"]);
    expect(await values("config", "set", "core.jobs", "")).toEqual([]);
  });

  test("options before the sub-command are the command's and its default sub-command's", async () => {
    expect(await values("remote", "--")).toEqual(["--json", "--long", "--verbose", "--quiet", "--no-color", "--help"]);
    expect(await values("remote", "--json", "")).toEqual(["add", "list", "remove"]);
  });

  test("an unknown sub-command offers nothing", async () => {
    expect(await completeWords(["config", "nope", ""], sources())).toEqual({ candidates: [], files: false });
  });
});
