import { existsSync, realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import { PivotError } from "../errors/pivot-error";

/** Project-relative POSIX path of an absolute path ("." for the root). Does not check containment. */
export function toProjectPath(projectRoot: string, absolutePath: string): string {
  const rel = relative(projectRoot, absolutePath);
  if (rel === "") return ".";
  return sep === "/" ? rel : rel.split(sep).join("/");
}

/** A path `resolve` would change: empty, absolute, `.`/`..` or empty segments, a trailing slash. */
const NOT_PLAIN_RELATIVE = /^$|^\/|\/$|\/\/|(?:^|\/)\.\.?(?:\/|$)/;
/** The last project root found already normal (what `resolve` gives back unchanged). */
let normalRoot: string | undefined;

/**
 * Absolute path of a project-relative path. A plain relative path under a normal root (the usual
 * case: every declared path is stored normalised) is joined without `resolve`, which a check of many
 * stages calls for every dep, output and lock file.
 */
export function fromProjectPath(projectRoot: string, projectPath: string): string {
  if (projectPath === ".") return projectRoot;
  if (sep === "/" && !NOT_PLAIN_RELATIVE.test(projectPath)) {
    if (projectRoot !== normalRoot && isAbsolute(projectRoot) && resolve(projectRoot) === projectRoot) normalRoot = projectRoot;
    if (projectRoot === normalRoot) return projectRoot === "/" ? `/${projectPath}` : `${projectRoot}/${projectPath}`;
  }
  return resolve(projectRoot, projectPath);
}

/** True when `child` equals `parent` or lies inside it (both project-relative). */
export function isSameOrInside(child: string, parent: string): boolean {
  if (parent === ".") return true;
  return child === parent || child.startsWith(`${parent}/`);
}

/** True for a `toProjectPath` result that leaves the project (`..`, `../x`, or another drive). */
export function isOutsideProject(projectPath: string): boolean {
  return projectPath === ".." || projectPath.startsWith("../") || isAbsolute(projectPath);
}

export interface PathContext {
  /** What the path is, for messages: "dep", "out", "vars file" … */
  role: string;
  /** Where it was written, for messages: "pivot.yaml, stage 'train'". */
  where: string;
}

/** Rejects what pivot never accepts in a declared path: an empty path, NUL bytes, line breaks. */
export function checkPathSyntax(raw: string, ctx: PathContext): void {
  const problem =
    raw.trim() === ""
      ? { what: "is empty", hint: "Name a file or folder, relative to the pipeline folder." }
      : raw.includes("\0")
        ? { what: "contains a NUL byte", hint: "Remove the NUL byte: no file name can hold one." }
        : /[\r\n]/.test(raw)
          ? { what: "contains a line break", hint: "Write the path on one line (check the quoting in the pipeline file)." }
          : undefined;
  if (problem) {
    throw new PivotError("PATH_INVALID", `${ctx.where}: ${ctx.role} path ${JSON.stringify(raw)} ${problem.what}`, { hint: problem.hint });
  }
}

/**
 * Resolves a path declared in a pipeline into a project-relative path, read as DVC and the shell
 * read it: a relative path is taken from `baseDir` (the project-relative pipeline folder) and may
 * use `..` as long as it stays inside the project; `//x` is `x` from the project root; `/x` is an
 * absolute filesystem path, accepted when it lies inside the project. Every spelling of one file
 * gives the same normalised path. Returns it and whether it was written with a trailing slash.
 */
export function resolveDeclaredPath(
  projectRoot: string,
  baseDir: string,
  raw: string,
  ctx: PathContext,
): { path: string; trailingSlash: boolean } {
  checkPathSyntax(raw, ctx);
  const slashed = raw.replaceAll("\\", "/");
  const trailingSlash = slashed.length > 1 && slashed.endsWith("/");
  const isAbsolutePath = slashed.startsWith("/") && !slashed.startsWith("//");
  const joined = slashed.startsWith("//")
    ? posix.join(projectRoot, slashed.slice(2))
    : isAbsolutePath
      ? posix.normalize(slashed)
      : posix.join(fromProjectPath(projectRoot, baseDir), slashed);
  const absolute = joined.length > 1 ? joined.replace(/\/+$/, "") : joined;
  let projectPath = toProjectPath(projectRoot, absolute);
  if (isOutsideProject(projectPath) && isAbsolutePath) projectPath = realProjectPath(projectRoot, absolute);
  if (isOutsideProject(projectPath)) {
    throw isAbsolutePath ? absoluteOutsideError(projectRoot, baseDir, raw, ctx) : climbsOutError(projectRoot, raw, absolute, ctx);
  }
  if (projectPath === "." && ctx.role !== "wdir") {
    throw new PivotError("PATH_INVALID", `${ctx.where}: ${ctx.role} path '${raw}' names the project root itself`, {
      hint: "Name a file or folder inside the project.",
    });
  }
  return { path: projectPath, trailingSlash };
}

/** The deepest path at or above `absolute` that exists, and the names below it that do not (yet). */
export function nearestExisting(absolute: string): { existing: string; missing: string[] } {
  let existing = absolute;
  const missing: string[] = [];
  while (!existsSync(existing) && dirname(existing) !== existing) {
    missing.unshift(basename(existing));
    existing = dirname(existing);
  }
  return { existing, missing };
}

/** An absolute path compared with symlinks resolved (its deepest existing folder, and the root). */
function realProjectPath(projectRoot: string, absolute: string): string {
  try {
    const { existing, missing } = nearestExisting(absolute);
    return toProjectPath(realpathSync(projectRoot), join(realpathSync(existing), ...missing));
  } catch {
    return toProjectPath(projectRoot, absolute);
  }
}

const OUTSIDE_WAYS = "copy it in with a stage, or move the project root up (`pivot init` in a folder holding both)";

/** An absolute path outside the project, most likely meant from the project root: offer the spellings that say so. */
function absoluteOutsideError(projectRoot: string, baseDir: string, raw: string, ctx: PathContext): PivotError {
  const slashed = raw.replaceAll("\\", "/");
  const meant = posix.normalize(slashed).slice(1).replace(/\/+$/, "");
  const slash = slashed.endsWith("/") ? "/" : "";
  const fromPipeline = posix.relative(baseDir === "." ? "" : baseDir, meant) || ".";
  const hint =
    meant === ""
      ? `For a file outside the project, ${OUTSIDE_WAYS}.`
      : `If you meant the project's own ${meant}, write //${meant}${slash} or ${fromPipeline}${slash}. For a file really outside the project, ${OUTSIDE_WAYS}.`;
  return new PivotError("PATH_INVALID", `${ctx.where}: ${ctx.role} path '${raw}' is an absolute path outside the project ${projectRoot}`, { hint });
}

/** A relative (or `//`) path whose `..` climbs above the project root. */
function climbsOutError(projectRoot: string, raw: string, absolute: string, ctx: PathContext): PivotError {
  return new PivotError("PATH_INVALID", `${ctx.where}: ${ctx.role} path '${raw}' resolves to ${absolute}, outside the project ${projectRoot}`, {
    hint: `'..' can climb only as far as the project root. For a file really outside the project, ${OUTSIDE_WAYS}.`,
  });
}

/** Stage names: letters, digits, `_`, `-`, `.`, starting with a letter or digit; `@` separates a matrix variant. */
export const STAGE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*(@[A-Za-z0-9_.+-]+)?$/;
