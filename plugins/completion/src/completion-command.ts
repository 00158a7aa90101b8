import { defineCommand } from "citty";
import { PivotError, completes, writeStdout } from "@pivot/core/host";
import bash from "./scripts/pivot.bash" with { type: "text" };
import zsh from "./scripts/_pivot.zsh" with { type: "text" };
import fish from "./scripts/pivot.fish" with { type: "text" };

const SCRIPTS: Record<string, string> = { bash, zsh, fish };

export const SHELLS = Object.keys(SCRIPTS);

const INSTALL = `Install it once, then open a new shell:
  bash  pivot completion bash > ~/.local/share/bash-completion/completions/pivot
        or, in ~/.bashrc:  eval "$(pivot completion bash)"
  zsh   pivot completion zsh > ~/.zfunc/_pivot
        with fpath=(~/.zfunc $fpath) before compinit in ~/.zshrc (any folder on $fpath will do);
        or, in ~/.zshrc after compinit:  eval "$(pivot completion zsh)"
  fish  pivot completion fish > ~/.config/fish/completions/pivot.fish

It completes commands and sub-commands, options, stage names (of every pipeline with --all),
remote names and config keys, and third-party plugin commands.`;

/** `pivot completion bash|zsh|fish`: the script on stdout. */
export const completionCommand = Object.assign(
  defineCommand({
    meta: { name: "completion", description: "Print the shell completion script for bash, zsh or fish" },
    args: { shell: { type: "positional", required: false, description: "bash, zsh or fish", ...completes(SHELLS) } },
    run({ args }) {
      const script = args.shell === undefined ? undefined : SCRIPTS[args.shell];
      if (script === undefined) {
        throw new PivotError("USAGE", args.shell === undefined ? "Which shell? `pivot completion` needs one of: bash, zsh, fish" : `Unknown shell '${args.shell}': pivot completes bash, zsh and fish`, {
          hint: "For example: pivot completion bash > ~/.local/share/bash-completion/completions/pivot (see pivot completion --help).",
          exitCode: 2,
        });
      }
      writeStdout(script);
    },
  }),
  { helpNotes: INSTALL },
);
