import { posix } from "node:path";
import { toProjectPath } from "@pivot/core/internal";

/**
 * Path arithmetic between pivot.yaml (paths relative to the pipeline folder, `//x` from the project
 * root, `/x` absolute) and dvc.yaml (paths relative to the stage's `wdir`, itself relative to the
 * dvc.yaml folder, `/x` absolute). Results are project-relative POSIX (`..` when a path leaves the
 * project); `${…}` templates pass through as text.
 */

/** A pivot.yaml path as a project path. */
export function projectPathOf(projectRoot: string, pipelineDir: string, raw: string): string {
  if (raw.startsWith("//")) return posix.normalize(raw.slice(2));
  if (raw.startsWith("/")) return toProjectPath(projectRoot, raw);
  return posix.normalize(posix.join(pipelineDir, raw));
}

/** `path` (project-relative) as seen from folder `from` (project-relative), `..` allowed. */
export function relativeTo(from: string, path: string): string {
  const rel = posix.relative(from === "." ? "" : from, path);
  return rel === "" ? "." : rel;
}

/** Keeps a trailing slash (a declared folder) across a rewrite. */
export function keepSlash(original: string, rewritten: string): string {
  return original.endsWith("/") && !rewritten.endsWith("/") ? `${rewritten}/` : rewritten;
}

/** A dvc.yaml path (relative to `wdir`, which is relative to the dvc.yaml folder; or absolute) as a project path. */
export function fromDvcPath(projectRoot: string, dvcDir: string, wdir: string, raw: string): string {
  if (raw.startsWith("/")) return toProjectPath(projectRoot, posix.normalize(raw));
  const base = wdir.startsWith("/") ? toProjectPath(projectRoot, wdir) : posix.join(dvcDir, wdir);
  return posix.normalize(posix.join(base, raw));
}
