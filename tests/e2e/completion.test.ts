import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PIVOT_BIN, type TestProject, hasStackTrace, makeProject } from "../support/project";
import { requireExecutable, startTestFile } from "../support/start-test-file";

// The completion scripts, sourced in real shells that call the real pivot through a `pivot` on PATH.

const CORE = resolve(import.meta.dir, "../../packages/core/src/plugin.ts");

const PIPELINE = `stages:
  prepare:
    cmd: echo a > a.txt
    outs: [a.txt]
  train:
    cmd: echo \${model} > model-\${model}.txt
    deps: [a.txt]
    outs: ["model-\${model}.txt"]
    matrix: {model: [small, large]}
`;

const SUB_PIPELINE = `stages:
  evaluate:
    cmd: echo e > e.txt
    outs: [e.txt]
`;

const CONFIG = "remotes:\n  origin:\n    url: /tmp/pivot-origin\n  backup:\n    url: /tmp/pivot-backup\n";

/** A plugin adding `pivot hello [--shout]`. */
const HELLO_PLUGIN = `import { definePlugin } from ${JSON.stringify(CORE)};
export default definePlugin({
  name: "hello-plugin",
  version: "1.0.0",
  api: "^1.0.0",
  commands: {
    hello: {
      description: "Say hello from a plugin",
      load: async () => ({ meta: { name: "hello" }, args: { shout: { type: "boolean", description: "Loudly" } }, run: () => console.log("hello") }),
    },
  },
});
`;

const tools = mkdtempSync(join(tmpdir(), "pivot-completion-"));
afterAll(() => rmSync(tools, { recursive: true, force: true }));
const ENV = { ...process.env, PATH: `${join(tools, "bin")}:${process.env.PATH}` };
const SCRIPTS = { bash: join(tools, "pivot.bash"), zsh: join(tools, "_pivot"), fish: join(tools, "pivot.fish") };

let project: TestProject;

async function run(command: string[], cwd: string, env: Record<string, string> = {}): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const proc = Bun.spawn(command, { cwd, env: { ...ENV, ...env }, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { exitCode, stdout, stderr };
}

/** A `pivot` on PATH running this repository's CLI, and the three scripts it generates. */
await startTestFile(import.meta, async () => {
  for (const shell of ["bash", "zsh", "fish"]) requireExecutable(shell);
  project = makeProject({ "pivot.yaml": PIPELINE, "sub/pivot.yaml": SUB_PIPELINE, "sub/.pivot/": "", ".pivot/config.yaml": CONFIG });
  const wrapper = join(tools, "bin", "pivot");
  mkdirSync(join(tools, "bin"));
  writeFileSync(wrapper, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(PIVOT_BIN)} "$@"\n`, { mode: 0o755 });
  for (const [shell, file] of Object.entries(SCRIPTS)) {
    const generated = await run(["pivot", "completion", shell], project.root);
    if (generated.exitCode !== 0) throw new Error(`pivot completion ${shell} failed: ${generated.stderr}`);
    writeFileSync(file, generated.stdout);
  }
});

// Sources the script, sets the variables bash sets for a completion, and calls the function
// `complete -p pivot` names.
const BASH_DRIVER = `source "$SCRIPT" || exit 3
function=$(complete -p pivot | sed -E 's/.*-F ([^ ]+).*/\\1/')
COMP_LINE=$1 COMP_POINT=\${#1}
shift
COMP_WORDS=("$@") COMP_CWORD=$(($# - 1))
"$function" pivot "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\\n' "\${COMPREPLY[@]}"`;

/** COMPREPLY for `line` with the cursor at its end; COMP_WORDS split as bash does (blanks, then = and :). */
async function bashCompletions(line: string, cwd = project.root): Promise<string[]> {
  const words = line.split(" ").flatMap((word) => word.split(/([=:])/).filter((part, i, parts) => part !== "" || i === parts.length - 1));
  const result = await run(["bash", "--norc", "--noprofile", "-c", BASH_DRIVER, "bash", line, ...words], cwd, { SCRIPT: SCRIPTS.bash });
  expect(result.stderr).toBe("");
  expect(result.exitCode).toBe(0);
  return result.stdout.split("\n").filter(Boolean).sort();
}

// Types the line and a TAB into an interactive zsh (zpty), then reads the edited line back.
const ZSH_DRIVER = `zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PROMPT='> '; autoload -U compinit; compinit -u -D; source \${(q)SCRIPT}; show-buffer() { print -r -- \\"\\$BUFFER\\" > \${(q)OUT}; BUFFER=''; }; zle -N show-buffer; bindkey '^X^B' show-buffer"
zpty -w -n z "$1"$'\\t'
zpty -w -n z $'\\x18\\x02'
for i in {1..600}; do [[ -s $OUT ]] && break; sleep 0.05; done
zpty -d z
cat $OUT`;

/** The zsh command line after typing `line` and pressing TAB once. */
async function zshLineAfterTab(line: string): Promise<string> {
  const out = join(tools, `zsh-buffer-${Math.random().toString(36).slice(2)}`);
  await run(["zsh", "-f", "-c", ZSH_DRIVER, "zsh", line], project.root, { SCRIPT: SCRIPTS.zsh, OUT: out });
  return readFileSync(out, "utf8").replace(/\n$/, "");
}

/** What fish offers for `line` (`complete -C`), without descriptions. */
async function fishCompletions(line: string): Promise<string[]> {
  // fish keeps its variables and history under XDG folders: keep them out of the user's.
  const xdg = { XDG_CONFIG_HOME: join(tools, "config"), XDG_DATA_HOME: join(tools, "data") };
  const result = await run(["fish", "--no-config", "-c", "source $argv[1]; complete -C $argv[2]", SCRIPTS.fish, line], project.root, xdg);
  expect(result.exitCode).toBe(0);
  return result.stdout
    .split("\n")
    .filter(Boolean)
    .map((entry) => entry.split("\t")[0]!)
    .sort();
}

describe("pivot completion", () => {
  test("prints a script for each shell, and --help says how to install it", async () => {
    expect(readFileSync(SCRIPTS.bash, "utf8")).toContain("complete -F _pivot pivot");
    expect(readFileSync(SCRIPTS.zsh, "utf8")).toStartWith("#compdef pivot");
    expect(readFileSync(SCRIPTS.fish, "utf8")).toContain("complete -c pivot");
    const help = await project.pivot("completion", "--help");
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("pivot completion bash > ~/.local/share/bash-completion/completions/pivot");
    expect(help.stdout).toContain('eval "$(pivot completion bash)"');
    expect(help.stdout).toContain("fpath=(~/.zfunc $fpath)");
    expect(help.stdout).toContain("~/.config/fish/completions/pivot.fish");
  });

  test("an unknown or missing shell is a usage error listing the three", async () => {
    for (const args of [["completion", "tcsh"], ["completion"]]) {
      const result = await project.pivot(...args);
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/bash, zsh,? (and|or)? ?fish/);
      expect(hasStackTrace(result.output)).toBe(false);
    }
    expect((await project.pivot("completion", "tcsh")).stderr).toContain("Unknown shell 'tcsh'");
  });

  test("the hidden __complete command is not listed by pivot --help", async () => {
    const help = await project.pivot("--help");
    expect(help.stdout).toMatch(/completion\s+Print the shell completion script/);
    expect(help.stdout).not.toContain("__complete");
  });

  test("the zsh and fish scripts parse", async () => {
    expect((await run(["zsh", "-n", SCRIPTS.zsh], project.root)).exitCode).toBe(0);
    expect((await run(["fish", "--no-execute", SCRIPTS.fish], project.root)).exitCode).toBe(0);
  });
});

describe("bash completion", () => {
  test("command names", async () => {
    expect(await bashCompletions("pivot re")).toEqual(["remote", "repro"]);
  });

  test("options of the command on the line", async () => {
    expect(await bashCompletions("pivot repro --f")).toEqual(["--force"]);
    expect(await bashCompletions("pivot -v status --ex")).toEqual(["--explain"]);
  });

  test("sub-commands", async () => {
    expect(await bashCompletions("pivot config ")).toEqual(["get", "list", "set", "unset"]);
    expect(await bashCompletions("pivot remote r")).toEqual(["remove"]);
    expect(await bashCompletions("pivot params ")).toEqual(["diff", "show"]);
  });

  test("stage names of the current folder's pipeline", async () => {
    expect(await bashCompletions("pivot repro tr")).toEqual(["train", "train@large", "train@small"]);
    expect(await bashCompletions("pivot repro ev")).toEqual([]);
    expect(await bashCompletions("pivot status ", project.path("sub"))).toEqual(["evaluate"]);
  });

  test("with --all, stages of every pipeline", async () => {
    expect(await bashCompletions("pivot repro --all ev")).toEqual(["evaluate"]);
    expect(await bashCompletions("pivot dag -a ev")).toEqual(["evaluate"]);
  });

  test("remote names after --remote, -r, --remote= and remote remove", async () => {
    expect(await bashCompletions("pivot push --remote ")).toEqual(["backup", "origin"]);
    expect(await bashCompletions("pivot pull -r o")).toEqual(["origin"]);
    expect(await bashCompletions("pivot fetch --remote=b")).toEqual(["backup"]);
    expect(await bashCompletions("pivot remote remove ")).toEqual(["backup", "origin"]);
  });

  test("config keys after config get, set and unset, the project's remote settings included", async () => {
    expect(await bashCompletions("pivot config get core.")).toEqual(["core.fsync", "core.jobs"]);
    expect(await bashCompletions("pivot config set remotes.o")).toEqual(["remotes.origin.url"]);
    expect(await bashCompletions("pivot config unset cache.l")).toEqual(["cache.link"]);
  });

  test("paths where a path is meant", async () => {
    expect(await bashCompletions("pivot checkout pivot.y")).toEqual(["pivot.yaml"]);
    expect(await bashCompletions("pivot track su")).toEqual(["sub"]);
  });

  test("a third-party plugin's command and its options", async () => {
    const withPlugin = makeProject({ ".pivot/config.yaml": "plugins: [./hello-plugin.ts]\n", "hello-plugin.ts": HELLO_PLUGIN });
    expect(await bashCompletions("pivot hel", withPlugin.root)).toEqual(["hello"]);
    expect(await bashCompletions("pivot hello --sh", withPlugin.root)).toEqual(["--shout"]);
  });

  test("a broken pivot.yaml gives no stage names and no message, and __complete exits 0", async () => {
    const broken = makeProject({ "pivot.yaml": "stages:\n  a: [\n", ".pivot/config.yaml": CONFIG });
    expect(await bashCompletions("pivot repro ", broken.root)).toEqual([]);
    expect(await bashCompletions("pivot push --remote o", broken.root)).toEqual(["origin"]);
    const direct = await broken.pivot("__complete", "--", "repro", "--all", "");
    expect(direct).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
  });

  test("a broken config gives no config-based names and no message", async () => {
    const broken = makeProject({ "pivot.yaml": PIPELINE, ".pivot/config.yaml": "remotes: [\n" });
    expect(await bashCompletions("pivot push --remote ", broken.root)).toEqual([]);
    const direct = await broken.pivot("__complete", "--", "config", "get", "");
    expect(direct).toMatchObject({ exitCode: 0, stderr: "" });
  });
});

describe("zsh completion", () => {
  test("completes commands, options, stages, remotes and config keys in an interactive zsh", async () => {
    expect(await zshLineAfterTab("pivot rep")).toBe("pivot repro ");
    expect(await zshLineAfterTab("pivot repro --f")).toBe("pivot repro --force ");
    expect(await zshLineAfterTab("pivot repro --all ev")).toBe("pivot repro --all evaluate ");
    expect(await zshLineAfterTab("pivot push --remote=o")).toBe("pivot push --remote=origin ");
    expect(await zshLineAfterTab("pivot config get core.j")).toBe("pivot config get core.jobs ");
    expect(await zshLineAfterTab("pivot checkout pivot.y")).toBe("pivot checkout pivot.yaml ");
  }, 30_000); // six interactive shells, each loading compinit: seconds on a busy machine
});

describe("fish completion", () => {
  test("completes commands, options, stages, remotes and config keys", async () => {
    expect(await fishCompletions("pivot re")).toEqual(["remote", "repro"]);
    expect(await fishCompletions("pivot repro --f")).toEqual(["--force"]);
    expect(await fishCompletions("pivot repro tr")).toEqual(["train", "train@large", "train@small"]);
    expect(await fishCompletions("pivot repro --all ev")).toEqual(["evaluate"]);
    expect(await fishCompletions("pivot push --remote ")).toEqual(["backup", "origin"]);
    expect(await fishCompletions("pivot config get core.j")).toEqual(["core.jobs"]);
    expect(await fishCompletions("pivot checkout pivot.y")).toEqual(["pivot.yaml"]);
  });
});
