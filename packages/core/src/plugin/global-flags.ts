/**
 * The options every pivot command line accepts, wherever they appear (before a `--`). One table
 * for the parser, `pivot --help` and shell completion.
 */
export interface GlobalFlag {
  long: `--${string}`;
  short?: `-${string}`;
  description: string;
}

export const GLOBAL_FLAGS = [
  { long: "--verbose", short: "-v", description: "More detail, and stack traces on errors" },
  { long: "--quiet", short: "-q", description: "Only errors and requested data" },
  { long: "--no-color", description: "Plain output (also NO_COLOR=1)" },
  { long: "--version", short: "-V", description: "Print the version" },
] as const satisfies readonly GlobalFlag[];

type NameOf<Long> = Long extends `--${infer Name}` ? Name : never;
export type GlobalFlagName = NameOf<(typeof GLOBAL_FLAGS)[number]["long"]>;

/** `verbose` for `--verbose` or `-v`, and so on; undefined for any other argument. */
export function globalFlagOf(arg: string): GlobalFlagName | undefined {
  const flag = GLOBAL_FLAGS.find((f) => f.long === arg || ("short" in f && f.short === arg));
  return flag?.long.slice(2) as GlobalFlagName | undefined;
}
