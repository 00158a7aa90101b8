import { PivotError } from "../errors/pivot-error";
import { setDurableWrites } from "../fs/durability";
import { buildGraph } from "../graph/build-graph";
import { hostContext } from "../plugin/host-context";
import { loadConfig } from "../project/config";
import { type OpenProjectOptions, type Project, openProject } from "../project/open-project";
import { requireProjectRoot } from "../project/project-root";
import { StateRouter } from "../state/state-router";

/**
 * Opens the project for commands that also work on tracked data alone (`track`, `checkout`, `gc`,
 * `verify`): a project without any pipeline file is a project with no stages, not an error.
 */
export async function openDataProject(options: OpenProjectOptions = {}): Promise<Project> {
  try {
    return await openProject(options);
  } catch (error) {
    if (!(error instanceof PivotError) || error.code !== "PIPELINE_NOT_FOUND") throw error;
  }
  const root = requireProjectRoot(options.cwd ?? process.cwd());
  const registry = options.registry ?? hostContext().registry;
  const config = loadConfig(root);
  setDurableWrites(config.fsync);
  const state = new StateRouter(registry.stateBackend());
  const graph = buildGraph([], { projectRoot: root });
  return { root, config, registry, stages: [], pipelines: [], graph: () => graph, state, close: () => state.closeAll() };
}
