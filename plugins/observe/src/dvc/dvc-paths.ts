import { posix } from "node:path";

/**
 * Path arithmetic between pivot.yaml (paths relative to the pipeline folder, `/x` from the project
 * root) and dvc.yaml (paths relative to the stage's `wdir`, itself relative to the dvc.yaml
 * folder). Everything is project-relative POSIX; `${…}` templates pass through as text.
 */

/** A pivot.yaml path as a project path. */
export function projectPathOf(pipelineDir: string, raw: string): string {
  if (raw.startsWith("/")) return posix.normalize(raw.slice(1));
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

/** A dvc.yaml path (relative to `wdir`, which is relative to the dvc.yaml folder) as a project path. */
export function fromDvcPath(dvcDir: string, wdir: string, raw: string): string {
  return posix.normalize(posix.join(dvcDir, wdir, raw));
}
