import { statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { PivotError } from "../errors/pivot-error";

export const PIVOT_DIR = ".pivot";

/** Folders never searched for pipelines or tracking files, and never watched. */
export const NEVER_SCANNED_FOLDERS: ReadonlySet<string> = new Set([PIVOT_DIR, ".git", "node_modules", ".hg", ".svn"]);

/** The project-level state folder (run history, output index, tracked-data state). */
export function projectStateDir(projectRoot: string): string {
  return join(projectRoot, PIVOT_DIR);
}

function hasPivotDir(dir: string): boolean {
  try {
    return statSync(join(dir, PIVOT_DIR)).isDirectory();
  } catch {
    return false;
  }
}

/** The top-most folder at or above `from` holding a `.pivot/` folder, or undefined. */
export function findProjectRoot(from: string = process.cwd()): string | undefined {
  let found: string | undefined;
  let dir = resolve(from);
  for (;;) {
    if (hasPivotDir(dir)) found = dir;
    const parent = dirname(dir);
    if (parent === dir) return found;
    dir = parent;
  }
}

/** Like findProjectRoot, but a missing project is an error telling the user to run `pivot init`. */
export function requireProjectRoot(from: string = process.cwd()): string {
  const root = findProjectRoot(from);
  if (root === undefined) {
    throw new PivotError("PROJECT_NOT_FOUND", `No pivot project here: no ${PIVOT_DIR}/ folder at or above ${resolve(from)}`, {
      hint: "Run `pivot init` in your project's root folder.",
    });
  }
  return root;
}

/**
 * The state folder of a pipeline: the nearest `.pivot/` at or above the pipeline folder, never
 * above the project root. This is the single rule deciding where lock files and state DBs live.
 */
export function stateDirOfFolder(projectRoot: string, absoluteFolder: string): string {
  let dir = absoluteFolder;
  while (dir.length > projectRoot.length && dir.startsWith(projectRoot)) {
    if (hasPivotDir(dir)) return join(dir, PIVOT_DIR);
    dir = dirname(dir);
  }
  return join(projectRoot, PIVOT_DIR);
}
