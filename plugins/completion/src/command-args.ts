import type { ArgDef, ArgsDef } from "citty";
import type { ArgCompletion } from "@pivot/core/define";

/** A citty argument as completion sees it, with the `complete` field `completes(…)` adds. */
export type CompletableArg = ArgDef & { complete?: ArgCompletion; options?: string[]; negativeDescription?: string };

/** An option of a command, with every way it is written on the command line. */
export interface OptionSpec {
  /** Its key in the command's `args`. */
  name: string;
  def: CompletableArg;
  /** `--dry-run` and its aliases (`-n`), as `pivot <command> --help` shows them. */
  flags: string[];
  /** `--no-<name>`, when `--help` shows it (a boolean that defaults to true, or describes its negation). */
  negation?: string;
  takesValue: boolean;
}

export interface CommandArgs {
  options: OptionSpec[];
  /** Positional arguments in order; the last one takes every further word. */
  positionals: CompletableArg[];
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Splits a command's citty `args` into its options and positionals. */
export function describeArgs(argsDef: ArgsDef): CommandArgs {
  const options: OptionSpec[] = [];
  const positionals: CompletableArg[] = [];
  for (const [name, def] of Object.entries(argsDef) as Array<[string, CompletableArg]>) {
    if (def.type === "positional") {
      positionals.push(def);
      continue;
    }
    const aliases = "alias" in def && def.alias ? (Array.isArray(def.alias) ? def.alias : [def.alias]) : [];
    const long = `--${kebab(name)}`;
    const negatable = def.type === "boolean" && (def.default === true || def.negativeDescription !== undefined) && !/^no[-A-Z]/.test(name);
    options.push({
      name,
      def,
      flags: [long, ...aliases.map((alias) => (alias.length === 1 ? `-${alias}` : `--${alias}`))],
      ...(negatable ? { negation: `--no-${kebab(name)}` } : {}),
      takesValue: def.type === "string" || def.type === "enum",
    });
  }
  return { options, positionals };
}

/** The option written as `flag` (`--jobs`, `-j`, `--no-watch`), if the command has one. */
export function optionOfFlag(args: CommandArgs, flag: string): OptionSpec | undefined {
  return args.options.find((option) => option.flags.includes(flag) || option.negation === flag);
}

export interface ScannedWords {
  /** Names (keys in `args`) of the options on the line. */
  given: Set<string>;
  /** Indexes of the words that are positional values (not options, nor their values). */
  positionals: number[];
}

/**
 * Reads complete words the way the command will: an option that takes a value consumes the next
 * word unless written `--name=value`, bundled short flags (`-fk`) set each, everything after `--`
 * is positional.
 */
export function scanWords(words: readonly string[], args: CommandArgs): ScannedWords {
  const given = new Set<string>();
  const positionals: number[] = [];
  let optionsEnded = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (optionsEnded || !word.startsWith("-") || word === "-") {
      positionals.push(i);
      continue;
    }
    if (word === "--") {
      optionsEnded = true;
      continue;
    }
    const flag = word.split("=", 1)[0]!;
    const option = optionOfFlag(args, flag);
    if (option) {
      given.add(option.name);
      if (option.takesValue && !word.includes("=")) i += 1;
    } else if (/^-[A-Za-z]{2,}$/.test(word)) {
      for (const letter of word.slice(1)) {
        const bundled = optionOfFlag(args, `-${letter}`);
        if (bundled) given.add(bundled.name);
      }
    }
  }
  return { given, positionals };
}
