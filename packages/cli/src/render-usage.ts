import type { ArgDef, ArgsDef } from "citty";
import { type AnyCommand, bold, cyan, gray } from "@pivot/core/host";

type Resolvable<T> = T | (() => T | Promise<T>) | Promise<T>;

async function resolve<T>(value: Resolvable<T>): Promise<T> {
  return typeof value === "function" ? await (value as () => T | Promise<T>)() : await value;
}

/** `dryRun` → `dry-run`: options are typed as they are written on the command line. */
export function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

const flagOf = (name: string) => (name.length === 1 ? `-${name}` : `--${kebabCase(name)}`);
const aliasesOf = (def: ArgDef): string[] => {
  const alias = (def as { alias?: string | string[] }).alias;
  return Array.isArray(alias) ? alias : alias ? [alias] : [];
};

/** ` <N>`, ` <a|b>` or nothing: what follows an option that takes a value. */
function valueHint(name: string, def: ArgDef): string {
  const hint = "valueHint" in def && def.valueHint ? def.valueHint : undefined;
  if (def.type === "enum" && def.options?.length) return ` <${def.options.join("|")}>`;
  if (def.type === "string") return ` <${hint ?? kebabCase(name).toUpperCase().replaceAll("-", "_")}>`;
  return hint ? ` <${hint}>` : "";
}

function describe(def: ArgDef, required: boolean): string {
  const parts = [def.description ?? ""];
  if (required) parts.push(gray("(required)"));
  if (def.default !== undefined && def.default !== false) parts.push(gray(`(default: ${String(def.default)})`));
  return parts.filter(Boolean).join(" ");
}

/** Two columns: the left padded to the widest, no trailing spaces. */
function columns(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, "");
  const width = Math.max(...rows.map(([left]) => plain(left).length)) + 4;
  return rows.map(([left, right]) => `  ${left}${" ".repeat(width - plain(left).length)}${right}`.trimEnd());
}

/**
 * `pivot <command> --help`, rendered from the command's citty definition (meta, args,
 * subCommands) in pivot's own style: options in kebab case with their aliases and value hints,
 * `--no-` forms of booleans that default to true, visible sub-commands, and the command's
 * `helpNotes` (setup steps, examples) at the end.
 */
export async function renderUsage(command: AnyCommand, path: readonly string[]): Promise<string> {
  const meta = (await resolve(command.meta ?? {})) as { description?: string };
  const args = ((await resolve(command.args ?? {})) ?? {}) as ArgsDef;
  const subCommands = command.subCommands ? ((await resolve(command.subCommands)) as Record<string, Resolvable<AnyCommand>>) : undefined;
  const name = path.join(" ");
  const positionals: Array<[string, string]> = [];
  const options: Array<[string, string]> = [];
  const usage: string[] = [];
  for (const [key, def] of Object.entries(args)) {
    if (def.type === "positional") {
      const required = def.required !== false && def.default === undefined;
      positionals.push([cyan(key.toUpperCase()), describe(def, required)]);
      usage.push(required ? `<${key.toUpperCase()}>` : `[${key.toUpperCase()}]`);
      continue;
    }
    const required = def.required === true && def.default === undefined;
    const flags = [...aliasesOf(def).map(flagOf), `--${kebabCase(key)}`].join(", ");
    options.push([cyan(flags + valueHint(key, def)), describe(def, required)]);
    const negative = "negativeDescription" in def ? def.negativeDescription : undefined;
    if (def.type === "boolean" && (def.default === true || negative) && !/^no[-A-Z]/.test(key)) {
      options.push([cyan(`--no-${kebabCase(key)}`), negative ?? ""]);
    }
    if (required) usage.push(`--${kebabCase(key)}${valueHint(key, def)}`);
  }
  const commands: Array<[string, string]> = [];
  for (const [subName, sub] of Object.entries(subCommands ?? {})) {
    const subMeta = (await resolve((await resolve(sub)).meta ?? {})) as { description?: string; hidden?: boolean };
    if (!subMeta.hidden) commands.push([cyan(subName), subMeta.description ?? ""]);
  }
  const lines = [`${bold(name)} — ${meta.description ?? ""}`, ""];
  const shape = [name, options.length ? "[options]" : "", commands.length ? "<command>" : "", ...usage].filter(Boolean).join(" ");
  lines.push(`${bold("USAGE")} ${cyan(shape)}`);
  if (positionals.length) lines.push("", bold("ARGUMENTS"), ...columns(positionals));
  if (options.length) lines.push("", bold("OPTIONS"), ...columns(options));
  if (commands.length) lines.push("", bold("COMMANDS"), ...columns(commands), "", `Run ${cyan(`${name} <command> --help`)} for a command's options.`);
  const notes = (command as { helpNotes?: unknown }).helpNotes;
  if (typeof notes === "string") lines.push("", notes);
  return lines.join("\n");
}
