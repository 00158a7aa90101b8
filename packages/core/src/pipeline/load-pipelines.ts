import { dirname } from "node:path";
import { PivotError, errorMessage } from "../errors/pivot-error";
import type { Stage } from "../model/pipeline";
import { toProjectPath } from "../model/paths";
import type { DiscoveryPlugin } from "../plugin/discovery-plugin";
import { stateDirOfFolder } from "../project/project-root";
import type { StateRouter } from "../state/state-router";
import { warn } from "../ui/output";
import { findAllPipelineFiles } from "./find-all-pipeline-files";
import type { PipelineFile } from "./find-pipeline-files";
import { loadWithDefCache } from "./pipeline-def-cache";
import { placePipeline } from "./place-stages";

/** Loads one pipeline file (reusing the cached parse while the file is unchanged) and places its stages. */
export async function loadPipelineFile(root: string, found: PipelineFile, state: StateRouter): Promise<Stage[]> {
  const dir = toProjectPath(root, dirname(found.file));
  const load = () => found.discovery.load(found.file, { projectRoot: root, file: found.file, dir });
  const version = found.discovery.cacheVersion;
  const def = version
    ? await loadWithDefCache(state.forStateDir(stateDirOfFolder(root, dirname(found.file))), root, toProjectPath(root, found.file), version, load)
    : await load();
  return placePipeline(root, def);
}

/**
 * Every pipeline of the project, in folder order. A pipeline that fails to load is reported by
 * path and skipped, or with `strict` stops everything.
 */
export async function loadAllPipelines(root: string, plugins: readonly DiscoveryPlugin[], state: StateRouter, strict: boolean): Promise<Stage[][]> {
  const { files, errors } = findAllPipelineFiles(root, plugins);
  const failures = [...errors];
  const loaded: Stage[][] = [];
  for (const file of files) {
    try {
      loaded.push(await loadPipelineFile(root, file, state));
    } catch (error) {
      failures.push({ folder: dirname(file.file), error });
    }
  }
  // Nothing loaded at all: skipping would only turn a broken project into a silent no-op.
  if (failures.length > 0 && loaded.length === 0 && failures.length === files.length + errors.length) throw failures[0]!.error;
  for (const { error } of failures) {
    if (strict) throw error;
    warn(`Skipped a pipeline that failed to load: ${errorMessage(error)}`, "Fix it, or run with --strict to stop on the first broken pipeline.");
  }
  if (files.length === 0) {
    throw new PivotError("PIPELINE_NOT_FOUND", `No pipeline files under ${root}`, { hint: "Create a pivot.yaml in the project." });
  }
  return loaded;
}
