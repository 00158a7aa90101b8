import { dirname } from "node:path";
import { PivotError } from "../errors/pivot-error";
import type { PipelineDef, PipelineInfo, Stage } from "../model/pipeline";
import { orNoItems } from "../model/no-items";
import { fromProjectPath, toProjectPath } from "../model/paths";
import { stateDirOfFolder } from "../project/project-root";

/** Puts a loaded pipeline in the project: its stateDir, and each stage's id and lock file name. */
export function placePipeline(projectRoot: string, def: PipelineDef): Stage[] {
  const stateDir = stateDirOfFolder(projectRoot, fromProjectPath(projectRoot, def.dir));
  const pipeline: PipelineInfo = { name: def.name, dir: def.dir, file: def.file, stateDir };
  // A pipeline sharing an ancestor's .pivot/ keeps its locks in a sub-folder named after its own
  // folder, so two pipelines never share a lock file and a stage's lock file never depends on
  // which other pipelines are loaded.
  const ownerDir = toProjectPath(projectRoot, dirname(stateDir));
  const lockPrefix = def.dir === ownerDir ? "" : `${ownerDir === "." ? def.dir : def.dir.slice(ownerDir.length + 1)}/`;
  const seen = new Set<string>();
  return def.stages.map((stageDef) => {
    if (seen.has(stageDef.name)) {
      throw new PivotError("STAGE_DUPLICATE", `${def.file}: stage '${stageDef.name}' is defined twice`, {
        hint: "Give each stage a unique name.",
      });
    }
    seen.add(stageDef.name);
    return { ...stageDef, params: orNoItems(stageDef.params), mutex: orNoItems(stageDef.mutex), id: stageDef.name, pipeline, lockName: `${lockPrefix}${stageDef.name}` };
  });
}

/**
 * Merges the stages of several pipelines into one list with unique ids. On a name collision
 * every stage of the later pipeline is prefixed with its pipeline name (`<pipeline>/<stage>`);
 * the lock file name is never affected.
 */
export function mergePipelines(pipelines: readonly Stage[][]): Stage[] {
  const merged: Stage[] = [];
  const taken = new Set<string>();
  for (const stages of pipelines) {
    const collides = stages.some((stage) => taken.has(stage.id));
    for (const stage of stages) {
      let id = collides ? `${stage.pipeline.name}/${stage.name}` : stage.id;
      if (taken.has(id)) id = `${stage.pipeline.dir}/${stage.name}`;
      if (taken.has(id)) {
        throw new PivotError("STAGE_DUPLICATE", `Stage '${stage.name}' of ${stage.pipeline.file} collides with another stage named '${id}'`, {
          hint: "Rename one of the stages or give the pipelines distinct `name:`s.",
        });
      }
      taken.add(id);
      merged.push(id === stage.id ? stage : { ...stage, id });
    }
  }
  return merged;
}
