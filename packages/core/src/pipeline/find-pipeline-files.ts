import { existsSync } from "node:fs";
import { join } from "node:path";
import { PivotError } from "../errors/pivot-error";
import { toProjectPath } from "../model/paths";
import type { DiscoveryPlugin } from "../plugin/discovery-plugin";

export interface PipelineFile {
  /** Absolute path of the file. */
  file: string;
  discovery: DiscoveryPlugin;
}

/**
 * The pipeline file in one folder, if any. Two pipeline files in one folder (`pivot.yaml` and
 * `pivot.yml`, or `pivot.yaml` and `pipeline.ts`) is an error naming both.
 */
export function pipelineFileIn(folder: string, plugins: readonly DiscoveryPlugin[], projectRoot: string): PipelineFile | undefined {
  const found: PipelineFile[] = [];
  for (const discovery of plugins) {
    for (const name of discovery.configFiles) {
      if (existsSync(join(folder, name))) found.push({ file: join(folder, name), discovery });
    }
  }
  if (found.length > 1) {
    const names = found.map((f) => toProjectPath(projectRoot, f.file));
    throw new PivotError("PIPELINE_AMBIGUOUS", `Found both ${names.join(" and ")} in ${toProjectPath(projectRoot, folder)}`, {
      hint: "Keep one pipeline definition per folder: move the stages into one file and delete the other.",
    });
  }
  return found[0];
}

/** Single-pipeline discovery: the current folder first (when inside the project), then the project root. */
export function findPipelineFile(cwd: string, projectRoot: string, plugins: readonly DiscoveryPlugin[]): PipelineFile {
  const candidates = cwd !== projectRoot && cwd.startsWith(`${projectRoot}/`) ? [cwd, projectRoot] : [projectRoot];
  for (const folder of candidates) {
    const found = pipelineFileIn(folder, plugins, projectRoot);
    if (found) return found;
  }
  const names = plugins.flatMap((p) => p.configFiles).join(", ");
  throw new PivotError("PIPELINE_NOT_FOUND", `No pipeline file (${names}) in ${cwd}${cwd === projectRoot ? "" : ` or the project root ${projectRoot}`}`, {
    hint: "Create a pivot.yaml (see `docs/pivot-yaml.md`), or run with --all to load every pipeline in the project.",
  });
}
