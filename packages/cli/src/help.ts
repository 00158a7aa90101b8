import { GLOBAL_FLAGS, type RegisteredCommand, bold, cyan, gray } from "@pivot/core/host";
import pkg from "../package.json" with { type: "json" };

const GROUP_TITLES: Record<NonNullable<RegisteredCommand["group"]>, string> = {
  pipeline: "Pipeline",
  data: "Data and remotes",
  inspect: "Inspect",
  project: "Project",
};

export const VERSION: string = pkg.version;

/** `pivot --help`: every command with its one-line description, without loading any command. */
export function renderMainHelp(commands: readonly RegisteredCommand[]): string {
  const shown = commands.filter((c) => !c.hidden);
  const width = Math.max(...shown.map((c) => c.name.length), 8) + 2;
  const lines = [
    `${bold("pivot")} ${gray(`v${VERSION}`)} — reproducible pipelines for Bun and TypeScript`,
    "",
    `${bold("USAGE")} ${cyan("pivot [-v|-q] <command> [options]")}`,
  ];
  const groups = new Map<string, RegisteredCommand[]>();
  for (const command of shown) {
    const title = GROUP_TITLES[command.group ?? "project"];
    groups.set(title, [...(groups.get(title) ?? []), command]);
  }
  for (const title of Object.values(GROUP_TITLES)) {
    const members = groups.get(title);
    if (!members) continue;
    lines.push("", bold(`${title.toUpperCase()} COMMANDS`));
    for (const command of [...members].sort((a, b) => a.name.localeCompare(b.name))) {
      lines.push(`  ${cyan(command.name.padEnd(width))}${command.description}`);
    }
  }
  lines.push(
    "",
    bold("GLOBAL OPTIONS"),
    ...GLOBAL_FLAGS.map((flag) => `  ${cyan(("short" in flag ? `${flag.short}, ${flag.long}` : flag.long).padEnd(16))}${flag.description}`),
    "",
    `Run ${cyan("pivot <command> --help")} for a command's options.`,
  );
  return lines.join("\n");
}
