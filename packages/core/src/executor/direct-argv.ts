/**
 * Deciding when a `cmd` can be executed directly instead of through `sh -c` (as GNU make does):
 * a command made only of plain words — no quoting, expansion, globbing, redirection, operators or
 * comments — means exactly its blank-separated words to any POSIX shell, so running that argv
 * saves a shell start per command. Anything else, or a first word the shell would treat itself
 * (a builtin or reserved word, an assignment), keeps `sh -c`.
 */

/**
 * Characters that never mean anything to the shell inside a word (a whitelist: anything else —
 * quotes, `\`, `$`, `` ` ``, glob and brace characters, `;&|()<>`, `~`, `#`, `!`, newlines,
 * non-ASCII — sends the command to `sh`). `=` is allowed after the first word only.
 */
const PLAIN_WORD = /^[A-Za-z0-9_./:,+@%=-]+$/;

/** Blanks sh splits words on (IFS does not apply to the command text itself, only to expansions). */
const BLANKS = /[ \t]+/;

/**
 * Reserved words and builtins of the common `/bin/sh`s (dash, bash, busybox ash, ksh, zsh in sh
 * mode): these run inside the shell, or differ from the program of the same name (`echo`, `test`,
 * `kill`…), so they keep `sh -c`.
 */
const SHELL_WORDS: ReadonlySet<string> = new Set([
  // reserved words
  "!", "{", "}", "[[", "]]", "case", "coproc", "do", "done", "elif", "else", "esac", "fi", "for", "function",
  "if", "in", "select", "then", "time", "until", "while",
  // special and regular builtins
  ".", ":", "[", "alias", "bg", "bind", "break", "builtin", "caller", "cd", "chdir", "command", "compgen",
  "complete", "compopt", "continue", "declare", "dirs", "disown", "echo", "enable", "eval", "exec", "exit",
  "export", "false", "fc", "fg", "getopts", "hash", "help", "history", "jobs", "kill", "let", "local",
  "logout", "mapfile", "newgrp", "popd", "printf", "pushd", "pwd", "read", "readarray", "readonly",
  "return", "set", "shift", "shopt", "source", "suspend", "test", "times", "trap", "true", "type",
  "typeset", "ulimit", "umask", "unalias", "unset", "wait",
]);

/**
 * The argv to execute `command` with directly, or undefined when it must go through `sh -c`
 * because the shell would do more than split it on blanks.
 */
export function directArgvOf(command: string): string[] | undefined {
  const trimmed = command.replace(/^[ \t]+|[ \t]+$/g, "");
  if (trimmed === "") return undefined;
  const words = trimmed.split(BLANKS);
  for (const word of words) if (!PLAIN_WORD.test(word)) return undefined;
  const program = words[0]!;
  if (program.includes("=") || SHELL_WORDS.has(program)) return undefined;
  return words;
}

/**
 * Whether PATH lets a bare program name be resolved the same way by `Bun.spawn` as by `sh`: every
 * entry absolute (an empty or relative entry is resolved against the command's folder by sh).
 */
export function pathIsAbsoluteOnly(path: string | undefined): boolean {
  if (path === undefined || path === "") return false;
  return path.split(":").every((entry) => entry.startsWith("/"));
}
