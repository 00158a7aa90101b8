import { isAbsolute, posix, relative, resolve, sep } from "node:path";
import { PivotError } from "../errors/pivot-error";

/** Project-relative POSIX path of an absolute path ("." for the root). Does not check containment. */
export function toProjectPath(projectRoot: string, absolutePath: string): string {
  const rel = relative(projectRoot, absolutePath);
  if (rel === "") return ".";
  return sep === "/" ? rel : rel.split(sep).join("/");
}

/** Absolute path of a project-relative path. */
export function fromProjectPath(projectRoot: string, projectPath: string): string {
  return projectPath === "." ? projectRoot : resolve(projectRoot, projectPath);
}

/** True when `child` equals `parent` or lies inside it (both project-relative). */
export function isSameOrInside(child: string, parent: string): boolean {
  if (parent === ".") return true;
  return child === parent || child.startsWith(`${parent}/`);
}

export interface PathContext {
  /** What the path is, for messages: "dep", "out", "vars file" … */
  role: string;
  /** Where it was written, for messages: "pivot.yaml, stage 'train'". */
  where: string;
}

/** Rejects characters and forms pivot never accepts in a declared path. */
export function checkPathSyntax(raw: string, ctx: PathContext): void {
  const problem =
    raw.trim() === ""
      ? "is empty"
      : raw.includes("\0")
        ? "contains a NUL byte"
        : /[\r\n]/.test(raw)
          ? "contains a line break"
          : raw.replaceAll("\\", "/").split("/").includes("..")
            ? "contains '..'"
            : undefined;
  if (problem) {
    throw new PivotError("PATH_INVALID", `${ctx.where}: ${ctx.role} path ${JSON.stringify(raw)} ${problem}`, {
      hint: "Write paths relative to the pipeline folder, without '..', and inside the project.",
    });
  }
}

/**
 * Resolves a path declared in a pipeline into a project-relative path. A relative path is taken
 * from `baseDir` (the pipeline folder); a path starting with `/` is taken from the project root
 * (how a sub-pipeline names a sibling's file without `..`). Rejects syntax problems and anything
 * outside the project. Returns the path and whether it was written with a trailing slash.
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
  const absolute = slashed.startsWith("/")
    ? posix.join(projectRoot, slashed)
    : posix.join(fromProjectPath(projectRoot, baseDir), slashed);
  const projectPath = toProjectPath(projectRoot, absolute.replace(/\/+$/, "") || "/");
  if (projectPath === ".." || projectPath.startsWith("../") || isAbsolute(projectPath)) {
    throw new PivotError("PATH_INVALID", `${ctx.where}: ${ctx.role} path '${raw}' is outside the project`, {
      hint: `Keep pipeline files inside the project root ${projectRoot}.`,
    });
  }
  if (projectPath === "." && ctx.role !== "wdir") {
    throw new PivotError("PATH_INVALID", `${ctx.where}: ${ctx.role} path '${raw}' names the project root itself`, {
      hint: "Name a file or folder inside the project.",
    });
  }
  return { path: projectPath, trailingSlash };
}

/** Stage names: letters, digits, `_`, `-`, `.`, starting with a letter or digit; `@` separates a matrix variant. */
export const STAGE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*(@[A-Za-z0-9_.+-]+)?$/;
