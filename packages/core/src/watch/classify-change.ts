import { NEVER_SCANNED_FOLDERS } from "../project/project-root";
import { basename, posix } from "node:path";
import { isSameOrInside, toProjectPath } from "../model/paths";
import type { WatchSet } from "./watched-paths";

/**
 * What a changed path means for watch mode:
 * - `reload`: a pipeline definition, vars or params file with no reader, `.pivotignore`, a local
 *   source file, or (with `--all`) a pipeline file appearing or disappearing — reload, then run
 *   what is stale;
 * - `data`: a dep or params file of selected stages — run those stages and their dependents;
 * - `ignore`: anything else, and always pivot's own writes: stage outputs, `.pivot/` folders,
 *   the cache, `.git/`, `node_modules/`, editor swap and backup files.
 */
export type ChangeClass =
  | { kind: "ignore" }
  | { kind: "reload"; cause: "definition" | "code" | "params" | "pipeline" }
  | { kind: "data"; stages: readonly string[] };

const NEVER_WATCHED = NEVER_SCANNED_FOLDERS;
const IGNORE: ChangeClass = { kind: "ignore" };

/** Editor leftovers: vim swap files and `4913` probes, emacs locks, `~` backups. */
function isEditorTemp(name: string): boolean {
  return /\.sw[a-px]$/.test(name) || name === "4913" || name.startsWith(".#") || name.endsWith("~");
}

/** Paths pivot writes itself or nobody cares about; never followed into, never a trigger. */
function isNeverWatched(set: WatchSet, projectPath: string): boolean {
  if (projectPath === ".." || projectPath.startsWith("../")) return true;
  if (projectPath.split("/").some((part) => NEVER_WATCHED.has(part))) return true;
  return set.ignoredFolders.some((folder) => isSameOrInside(projectPath, folder)) || set.graph.producerOf(projectPath) !== undefined;
}

/** True when `.pivotignore` hides the folder or one of its parents from pipeline discovery. */
function insidePivotIgnored(set: WatchSet, folder: string): boolean {
  if (folder === ".") return false;
  const parts = folder.split("/");
  return parts.some((_, i) => set.isPivotIgnored(parts.slice(0, i + 1).join("/")));
}

function anyInside(paths: ReadonlySet<string>, folder: string): boolean {
  for (const path of paths) if (isSameOrInside(path, folder)) return true;
  return false;
}

/** Classifies one changed path (project-relative) against the loaded watch set. */
export function classifyChange(set: WatchSet, projectPath: string): ChangeClass {
  if (projectPath === ".") return IGNORE;
  if (set.definitions.has(projectPath)) return { kind: "reload", cause: "definition" };
  if (set.code.has(projectPath)) return { kind: "reload", cause: "code" };
  if (isNeverWatched(set, projectPath)) return IGNORE;
  // A removed or renamed folder holding pipeline or source files.
  if (anyInside(set.definitions, projectPath)) return { kind: "reload", cause: "definition" };
  if (anyInside(set.code, projectPath)) return { kind: "reload", cause: "code" };
  const readers = set.params.get(projectPath);
  if (readers) return { kind: "data", stages: readers };
  const name = basename(projectPath);
  if (!isEditorTemp(name)) {
    const stages = set.graph.consumersOf(projectPath).filter((id) => set.selected.has(id));
    if (stages.length > 0) return { kind: "data", stages };
  }
  const folder = posix.dirname(projectPath);
  if (set.pipelineFileNames?.has(name) && !insidePivotIgnored(set, folder)) return { kind: "reload", cause: "pipeline" };
  if ((name === "params.yaml" || name === "params.yml") && set.pipelineDirs.has(folder)) return { kind: "reload", cause: "params" };
  return IGNORE;
}

/**
 * The file-watcher filter: which paths the watcher stays out of. Folders are followed when they
 * lead to something watched (or, with `--all`, anywhere pipeline files may appear); files are
 * watched when a change to them would mean something.
 */
export function skipWhileWatching(set: WatchSet, absolutePath: string, isDirectory: boolean | undefined): boolean {
  const projectPath = toProjectPath(set.root, absolutePath);
  if (projectPath === ".") return false;
  if (projectPath.startsWith("../")) {
    // Folders above the project root are only ever entered on the way to a missing watched folder.
    return !isDirectory && isDirectory !== undefined;
  }
  if (isNeverWatched(set, projectPath) && !set.definitions.has(projectPath) && !set.code.has(projectPath)) return true;
  if (isDirectory === undefined) return false;
  if (isDirectory) {
    if (set.pipelineFileNames && !set.isPivotIgnored(projectPath)) return false;
    return set.reach.overlapping(projectPath).length === 0;
  }
  return classifyChange(set, projectPath).kind === "ignore";
}

