import type { ArgsDef } from "citty";
import { PivotError, didYouMean } from "@pivot/core/host";

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Rejects options a command does not define (citty accepts anything silently). */
export function checkOptions(commandName: string, argsDef: ArgsDef, rawArgs: readonly string[]): void {
  const known = new Set<string>(["--help", "-h"]);
  const valueShorts = new Set<string>();
  for (const [name, def] of Object.entries(argsDef)) {
    if (def.type === "positional") continue;
    for (const long of new Set([name, kebab(name)])) {
      known.add(`--${long}`);
      if (def.type === "boolean") known.add(`--no-${long}`);
    }
    const aliases = "alias" in def && def.alias ? (Array.isArray(def.alias) ? def.alias : [def.alias]) : [];
    for (const alias of aliases) {
      known.add(alias.length === 1 ? `-${alias}` : `--${alias}`);
      if (alias.length === 1 && (def.type === "string" || def.type === "enum")) valueShorts.add(`-${alias}`);
    }
  }
  for (const arg of rawArgs) {
    if (arg === "--") return;
    if (!arg.startsWith("-") || arg === "-" || /^-\d/.test(arg)) continue;
    const flag = arg.split("=")[0]!;
    if (known.has(flag)) continue;
    // A short option with its value attached (-j2).
    if (valueShorts.has(flag.slice(0, 2))) continue;
    // Bundled short flags (-fj) are accepted when every letter is a known alias.
    if (/^-[A-Za-z]{2,}$/.test(flag) && [...flag.slice(1)].every((c) => known.has(`-${c}`))) continue;
    throw new PivotError("USAGE", `Unknown option '${flag}' for \`pivot ${commandName}\``, {
      hint: didYouMean(flag, known) ?? `Run \`pivot ${commandName} --help\` to see its options.`,
      exitCode: 2,
    });
  }
}
