import { buildGraph } from "../graph/build-graph";
import { GcPacer } from "../engine/gc-pacer";
import type { PipelineGraph } from "../graph/pipeline-graph";
import type { PipelineInfo, Stage } from "../model/pipeline";
import { findPipelineFile } from "../pipeline/find-pipeline-files";
import { loadAllPipelines, loadPipelineFile } from "../pipeline/load-pipelines";
import { siblingProducers } from "../pipeline/sibling-producers";
import { upstreamClosure } from "../graph/closure";
import { mergePipelines } from "../pipeline/place-stages";
import { PivotError } from "../errors/pivot-error";
import type { DiscoveryPlugin } from "../plugin/discovery-plugin";
import { hostContext } from "../plugin/host-context";
import type { PluginRegistry } from "../plugin/plugin-registry";
import { StateRouter } from "../state/state-router";
import { setDurableWrites } from "../fs/durability";
import { type PivotConfig, loadConfig } from "./config";
import { requireProjectRoot } from "./project-root";

export interface OpenProjectOptions {
  /** Every pipeline in the project instead of the one for the current folder. */
  all?: boolean;
  /** With `all`: a pipeline that fails to load is an error instead of a warning. */
  strict?: boolean;
  cwd?: string;
  registry?: PluginRegistry;
  /** A project without any pipeline file opens with no stages instead of failing (tracked data only). */
  allowNoPipeline?: boolean;
  /**
   * Deps that no stage produces and that do not exist are left to each stage (`commit`, `status`
   * report that stage and go on) instead of failing `graph()`.
   */
  allowMissingDeps?: boolean;
}

/** A loaded project: where it is, its config, its stages and the graph over them. */
export interface Project {
  root: string;
  config: PivotConfig;
  registry: PluginRegistry;
  stages: Stage[];
  pipelines: PipelineInfo[];
  /** Built on first use; throws graph errors (cycles, overlaps, and missing deps unless allowed). */
  graph(): PipelineGraph;
  state: StateRouter;
  /** Releases state stores. Commands call it when they finish. */
  close(): void;
}

/** `local` plus, from `all`, the stages upstream of them (sibling pipelines' producers). */
function withUpstreamOf(local: readonly Stage[], all: Stage[]): Stage[] {
  if (all.length === local.length) return all;
  const graph = buildGraph(all, { allowMissingDeps: true });
  const keep = upstreamClosure(graph, all.slice(0, local.length).map((s) => s.id));
  for (const stage of all.slice(0, local.length)) keep.add(stage.id);
  return all.filter((stage) => keep.has(stage.id));
}

async function loadStages(root: string, cwd: string, options: OpenProjectOptions, plugins: DiscoveryPlugin[], state: StateRouter): Promise<Stage[]> {
  if (options.all) return mergePipelines(await loadAllPipelines(root, plugins, state, options.strict ?? false));
  const local = await loadPipelineFile(root, findPipelineFile(cwd, root, plugins), state);
  return withUpstreamOf(local, mergePipelines([local, ...(await siblingProducers(root, plugins, state, [local]))]));
}

/**
 * Finds the project and loads its pipeline(s): with `all` every pipeline; otherwise the pipeline of
 * the current folder (else the project root) plus the sibling-pipeline stages producing what it
 * reads from outside its folder. Wires the per-stateDir state router.
 */
export async function openProject(options: OpenProjectOptions = {}): Promise<Project> {
  const cwd = options.cwd ?? process.cwd();
  const root = requireProjectRoot(cwd);
  const registry = options.registry ?? hostContext().registry;
  const config = loadConfig(root);
  setDurableWrites(config.fsync);
  const plugins = registry.discoveryPlugins();
  const state = new StateRouter(registry.stateBackend());
  let stages: Stage[];
  try {
    stages = await loadStages(root, cwd, options, plugins, state);
  } catch (error) {
    if (!options.allowNoPipeline || !(error instanceof PivotError) || error.code !== "PIPELINE_NOT_FOUND") {
      state.discardCreated();
      throw error;
    }
    stages = [];
  }
  const pipelines = [...new Map(stages.map((s) => [s.pipeline.file, s.pipeline])).values()];
  let graph: PipelineGraph | undefined;
  return {
    root,
    config,
    registry,
    stages,
    pipelines,
    graph: () => {
      if (graph === undefined) {
        graph = buildGraph(stages, { projectRoot: root, allowMissingDeps: options.allowMissingDeps === true });
        GcPacer.betweenPhases(stages.length);
      }
      return graph;
    },
    state,
    close: () => state.closeAll(),
  };
}
