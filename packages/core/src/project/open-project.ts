import { dirname } from "node:path";
import { PivotError, errorMessage } from "../errors/pivot-error";
import { buildGraph } from "../graph/build-graph";
import type { PipelineGraph } from "../graph/pipeline-graph";
import type { PipelineInfo, Stage } from "../model/pipeline";
import { toProjectPath } from "../model/paths";
import { findAllPipelineFiles } from "../pipeline/find-all-pipeline-files";
import { type PipelineFile, findPipelineFile } from "../pipeline/find-pipeline-files";
import { loadWithDefCache } from "../pipeline/pipeline-def-cache";
import { mergePipelines, placePipeline } from "../pipeline/place-stages";
import { hostContext } from "../plugin/host-context";
import type { PluginRegistry } from "../plugin/plugin-registry";
import { StateRouter } from "../state/state-router";
import { warn } from "../ui/output";
import { type PivotConfig, loadConfig } from "./config";
import { requireProjectRoot, stateDirOfFolder } from "./project-root";

export interface OpenProjectOptions {
  /** Every pipeline in the project instead of the one for the current folder. */
  all?: boolean;
  /** With `all`: a pipeline that fails to load is an error instead of a warning. */
  strict?: boolean;
  cwd?: string;
  registry?: PluginRegistry;
}

/** A loaded project: where it is, its config, its stages and the graph over them. */
export interface Project {
  root: string;
  config: PivotConfig;
  registry: PluginRegistry;
  stages: Stage[];
  pipelines: PipelineInfo[];
  /** Built on first use; throws graph errors (cycles, overlaps, missing deps). */
  graph(): PipelineGraph;
  state: StateRouter;
  /** Releases state stores. Commands call it when they finish. */
  close(): void;
}

async function loadPipelineFile(root: string, found: PipelineFile, state: StateRouter): Promise<Stage[]> {
  const dir = toProjectPath(root, dirname(found.file));
  const load = () => found.discovery.load(found.file, { projectRoot: root, file: found.file, dir });
  const version = found.discovery.cacheVersion;
  const def = version
    ? await loadWithDefCache(state.forStateDir(stateDirOfFolder(root, dirname(found.file))), root, toProjectPath(root, found.file), version, load)
    : await load();
  return placePipeline(root, def);
}

/** Finds the project, loads its pipeline(s) and wires the per-stateDir state router. */
export async function openProject(options: OpenProjectOptions = {}): Promise<Project> {
  const cwd = options.cwd ?? process.cwd();
  const root = requireProjectRoot(cwd);
  const registry = options.registry ?? hostContext().registry;
  const config = loadConfig(root);
  const plugins = registry.discoveryPlugins();
  const state = new StateRouter(registry.stateBackend());
  const loaded: Stage[][] = [];
  if (options.all) {
    const { files, errors } = findAllPipelineFiles(root, plugins);
    const failures = [...errors];
    for (const file of files) {
      try {
        loaded.push(await loadPipelineFile(root, file, state));
      } catch (error) {
        failures.push({ folder: dirname(file.file), error });
      }
    }
    for (const { error } of failures) {
      if (options.strict) throw error;
      warn(`Skipped a pipeline that failed to load: ${errorMessage(error)}`, "Fix it, or run with --strict to stop on the first broken pipeline.");
    }
    if (files.length === 0) {
      throw new PivotError("PIPELINE_NOT_FOUND", `No pipeline files under ${root}`, { hint: "Create a pivot.yaml in the project." });
    }
  } else {
    loaded.push(await loadPipelineFile(root, findPipelineFile(cwd, root, plugins), state));
  }
  const stages = mergePipelines(loaded);
  const pipelines = [...new Map(stages.map((s) => [s.pipeline.file, s.pipeline])).values()];
  let graph: PipelineGraph | undefined;
  return {
    root,
    config,
    registry,
    stages,
    pipelines,
    graph: () => {
      graph ??= buildGraph(stages, { projectRoot: root });
      return graph;
    },
    state,
    close: () => state.closeAll(),
  };
}
