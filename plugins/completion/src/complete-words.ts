import type { ArgsDef, CommandMeta, Resolvable, SubCommandsDef } from "citty";
import type { AnyCommand } from "@pivot/core/define";
import { GLOBAL_FLAGS, globalFlagOf } from "@pivot/core/host";
import { type CommandArgs, type CompletableArg, type OptionSpec, describeArgs, optionOfFlag, scanWords } from "./command-args";

/** One candidate word, with what it is for the shells that show it (zsh, fish). */
export interface Candidate {
  value: string;
  description?: string;
}

export interface Completions {
  candidates: Candidate[];
  /** The word may be a path too: the shell adds its own file name completion. */
  files: boolean;
}

/** Values read from the project (or the config outside one). */
export type ProjectValueKind = "stages" | "remotes" | "config-keys";

/** Where completion finds commands and values. */
export interface CompletionSources {
  /** Top-level commands with their one-line description, known without loading them. */
  commands: ReadonlyArray<{ name: string; description: string }>;
  /** The definition of one top-level command; only the command on the line is ever loaded. */
  loadCommand(name: string): Promise<AnyCommand | undefined>;
  /** `all`: the line has `--all`, so stages come from every pipeline. */
  values(kind: ProjectValueKind, options: { all: boolean }): Promise<string[]>;
}

const NOTHING: Completions = { candidates: [], files: false };

const HELP: Candidate[] = [
  { value: "--help", description: "Show the options of the command" },
  { value: "-h", description: "Show the options of the command" },
];

const GLOBAL_OPTIONS: Candidate[] = GLOBAL_FLAGS.flatMap((flag) => [
  { value: flag.long, description: flag.description },
  ...("short" in flag ? [{ value: flag.short, description: flag.description }] : []),
]);

/** After a command name, `--version` still works but means nothing for the command. */
const GLOBAL_OPTIONS_OF_COMMANDS = GLOBAL_OPTIONS.filter((c) => c.value !== "--version" && c.value !== "-V");

async function resolved<T>(value: Resolvable<T> | undefined): Promise<T | undefined> {
  return typeof value === "function" ? await (value as () => T | Promise<T>)() : await value;
}

function startingWith(candidates: readonly Candidate[], typed: string): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => c.value.startsWith(typed) && !seen.has(c.value) && seen.add(c.value));
}

/** The command a line addresses: sub-command names followed to the last one typed. */
interface Addressed {
  args: CommandArgs;
  /** The words after the last command name (and before the word being completed). */
  words: string[];
  /** Sub-commands still to choose from, when none is typed yet. */
  subCommands?: SubCommandsDef;
  /** Options the default sub-command takes when none is typed (`pivot history -n 5` runs `history list`). */
  defaultArgs?: CommandArgs;
}

async function address(command: AnyCommand, words: string[]): Promise<Addressed | undefined> {
  const args = describeArgs((await resolved<ArgsDef>(command.args)) ?? {});
  const subCommands = await resolved(command.subCommands);
  if (!subCommands) return { args, words };
  const first = scanWords(words, args).positionals[0];
  if (first === undefined) {
    const defaultName = await resolved(command.default);
    const defaultCommand = defaultName ? await resolved(subCommands[defaultName]) : undefined;
    const defaultArgs = defaultCommand ? describeArgs((await resolved<ArgsDef>(defaultCommand.args)) ?? {}) : undefined;
    return { args, words, subCommands, ...(defaultArgs ? { defaultArgs } : {}) };
  }
  const sub = subCommands[words[first]!];
  return sub ? address((await resolved(sub)) as AnyCommand, words.slice(first + 1)) : undefined;
}

async function subCommandCandidates(subCommands: SubCommandsDef): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  for (const [name, sub] of Object.entries(subCommands)) {
    const meta = await resolved<CommandMeta>((await resolved(sub))?.meta);
    if (!meta?.hidden) candidates.push({ value: name, ...(meta?.description ? { description: meta.description } : {}) });
  }
  return candidates;
}

function optionCandidates(options: readonly OptionSpec[], given: ReadonlySet<string>): Candidate[] {
  return options
    .filter((option) => option.takesValue || !given.has(option.name))
    .flatMap((option) => {
      const description = option.def.description;
      const flags = option.negation ? [...option.flags, option.negation] : option.flags;
      return flags.map((value) => ({ value, ...(description ? { description } : {}) }));
    });
}

/** What an argument's value may be: its `complete` field, else paths for positionals, an enum's options. */
async function valuesOf(def: CompletableArg, typed: string, prefix: string, sources: CompletionSources, all: boolean): Promise<Completions> {
  const complete = def.complete ?? (def.type === "positional" ? "files" : def.type === "enum" ? def.options : undefined);
  if (complete === undefined) return NOTHING;
  const fixed = (values: readonly string[], files = false): Completions => ({
    candidates: startingWith(
      values.map((value) => ({ value: prefix + value })),
      prefix + typed,
    ),
    files,
  });
  if (typeof complete !== "string") return fixed(complete);
  switch (complete) {
    case "files":
      return { candidates: [], files: true };
    case "stages":
    case "stages-or-files":
      return fixed(await sources.values("stages", { all }), complete === "stages-or-files");
    case "remotes":
    case "config-keys":
      return fixed(await sources.values(complete, { all }));
    default:
      return NOTHING;
  }
}

/** Drops global flags (`-v`, `--quiet`, …) that may appear anywhere before a `--`, as the CLI does. */
function withoutGlobalFlags(words: readonly string[]): string[] {
  const end = words.indexOf("--");
  return words.filter((word, i) => (end !== -1 && i >= end) || globalFlagOf(word) === undefined);
}

/**
 * The candidates for the last of `words` (the words after `pivot`, the last one being the word
 * under the cursor, possibly empty): command and sub-command names, options of the command on the
 * line (from its citty `args`, the same definitions `--help` shows) and the global options, and
 * argument values — stage names (of every pipeline with `--all`), remote names, config keys, fixed
 * values, or a request for the shell's file name completion.
 */
export async function completeWords(words: readonly string[], sources: CompletionSources): Promise<Completions> {
  const typed = words.at(-1) ?? "";
  const before = withoutGlobalFlags(words.slice(0, -1));
  if (before.length === 0) {
    const candidates = typed.startsWith("-") ? [...GLOBAL_OPTIONS, ...HELP] : sources.commands.map((c) => ({ value: c.name, description: c.description }));
    return { candidates: startingWith(candidates, typed), files: false };
  }
  const command = await sources.loadCommand(before[0]!);
  const addressed = command ? await address(command, before.slice(1)) : undefined;
  if (!addressed) return NOTHING;
  const { args, words: rest } = addressed;
  const optionsEnded = rest.includes("--");
  const { given, positionals } = scanWords(rest, args);
  const all = given.has("all");

  if (!optionsEnded) {
    const previous = optionOfFlag(args, rest.at(-1) ?? "");
    if (previous?.takesValue) return valuesOf(previous.def, typed, "", sources, all);
    const equals = typed.indexOf("=");
    if (typed.startsWith("--") && equals !== -1) {
      const option = optionOfFlag(args, typed.slice(0, equals));
      return option?.takesValue ? valuesOf(option.def, typed.slice(equals + 1), typed.slice(0, equals + 1), sources, all) : NOTHING;
    }
    if (typed.startsWith("-")) {
      const options = [...args.options, ...(addressed.defaultArgs?.options ?? [])];
      return { candidates: startingWith([...optionCandidates(options, given), ...GLOBAL_OPTIONS_OF_COMMANDS, ...HELP], typed), files: false };
    }
  }
  if (addressed.subCommands) return { candidates: startingWith(await subCommandCandidates(addressed.subCommands), typed), files: false };
  const def = args.positionals[Math.min(positionals.length, args.positionals.length - 1)];
  return def ? valuesOf(def, typed, "", sources, all) : NOTHING;
}
