import { NEVER_SCANNED_FOLDERS } from "../project/project-root";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readPivotIgnore } from "../pipeline/find-all-pipeline-files";
import { TRACKING_SUFFIX, isTrackingFile } from "./tracking-file";

export interface FindTrackingOptions {
  /** Project paths of folders not to descend into (e.g. stage output folders). */
  skip?: (projectPath: string) => boolean;
  /** Called with every folder the walk lists (absolute), e.g. to record their stats. */
  onFolder?: (absFolder: string) => void;
}

/**
 * Project paths of every tracking file (`*.pvt`) in the project, sorted. The walk does not enter
 * folders that are themselves tracked (their content is in the cache), version-control and
 * dependency folders, `.pivot/`, folders `.pivotignore` names, or folders `skip` names.
 */
export function findTrackingFiles(projectRoot: string, options: FindTrackingOptions = {}): string[] {
  const ignored = readPivotIgnore(projectRoot);
  const found: string[] = [];
  const visit = (absFolder: string, projectFolder: string): void => {
    options.onFolder?.(absFolder);
    let entries;
    try {
      entries = readdirSync(absFolder, { withFileTypes: true });
    } catch {
      return; // unreadable folder: nothing pivot could track there either
    }
    const pathOf = (name: string) => (projectFolder === "" ? name : `${projectFolder}/${name}`);
    // Names ending in the tracking suffix: a folder `x` next to `x.pvt` is tracked, not walked.
    const suffixed = new Set<string>();
    for (const entry of entries) {
      if (!entry.name.endsWith(TRACKING_SUFFIX)) continue;
      suffixed.add(entry.name);
      if (entry.isFile() && isTrackingFile(entry.name)) found.push(pathOf(entry.name));
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || NEVER_SCANNED_FOLDERS.has(entry.name) || suffixed.has(`${entry.name}${TRACKING_SUFFIX}`)) continue;
      const projectPath = pathOf(entry.name);
      if (options.skip?.(projectPath) || ignored(projectPath)) continue;
      visit(join(absFolder, entry.name), projectPath);
    }
  };
  visit(projectRoot, "");
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
