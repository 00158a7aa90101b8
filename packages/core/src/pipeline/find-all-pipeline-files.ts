import { NEVER_SCANNED_FOLDERS } from "../project/project-root";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { picomatch } from "../fs/lazy-picomatch";
import type { DiscoveryPlugin } from "../plugin/discovery-plugin";
import { toProjectPath } from "../model/paths";
import { type PipelineFile, pipelineFileIn } from "./find-pipeline-files";

/** Patterns from `<root>/.pivotignore` (gitignore-like: `#` comments, `dir/`, globs). */
export function readPivotIgnore(projectRoot: string): (projectPath: string) => boolean {
  const file = join(projectRoot, ".pivotignore");
  if (!existsSync(file)) return () => false;
  const patterns = readFileSync(file, "utf8")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => line.replace(/\/$/, ""))
    .flatMap((line) => (line.startsWith("/") ? [line.slice(1)] : [line, `**/${line}`]));
  const matchers = patterns.map((p) => picomatch()(p, { dot: true }));
  return (projectPath) => matchers.some((match) => match(projectPath));
}

/**
 * Every folder `--all` looks into for a pipeline file, parents before children, siblings sorted by
 * code point: the project root and every folder below it except `.git`, `node_modules`, `.pivot`
 * and what `.pivotignore` excludes.
 */
export function pipelineFolders(projectRoot: string): string[] {
  const ignored = readPivotIgnore(projectRoot);
  const folders: string[] = [];
  const visit = (folder: string): void => {
    folders.push(folder);
    let entries: string[];
    try {
      entries = readdirSync(folder, { withFileTypes: true })
        .filter((e) => e.isDirectory() && !NEVER_SCANNED_FOLDERS.has(e.name))
        .map((e) => e.name)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    } catch {
      return;
    }
    for (const name of entries) {
      const child = join(folder, name);
      if (!ignored(toProjectPath(projectRoot, child))) visit(child);
    }
  };
  visit(projectRoot);
  return folders;
}

/**
 * Every pipeline file under the project root in a deterministic order (see `pipelineFolders`).
 * Returns per-folder ambiguity errors alongside the files so one bad folder does not hide the
 * others.
 */
export function findAllPipelineFiles(
  projectRoot: string,
  plugins: readonly DiscoveryPlugin[],
): { files: PipelineFile[]; errors: Array<{ folder: string; error: unknown }> } {
  const files: PipelineFile[] = [];
  const errors: Array<{ folder: string; error: unknown }> = [];
  for (const folder of pipelineFolders(projectRoot)) {
    try {
      const found = pipelineFileIn(folder, plugins, projectRoot);
      if (found) files.push(found);
    } catch (error) {
      errors.push({ folder, error });
    }
  }
  return { files, errors };
}
