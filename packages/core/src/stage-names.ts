// The light entry of @pivot/core for shell completion: the names that select stages, read from
// the project without loading the engine.
import { stageTargetNames } from "./graph/select-targets";
import { type OpenProjectOptions, openProject } from "./project/open-project";

/** Stage ids and matrix base names of the current folder's pipeline (or `all` pipelines). */
export async function listStageNames(options: Pick<OpenProjectOptions, "all">): Promise<string[]> {
  const project = await openProject({ all: options.all });
  try {
    return stageTargetNames(project.stages);
  } finally {
    project.close();
  }
}
