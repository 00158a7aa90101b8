import { indexOutputs } from "../graph/check-outputs";
import { outputsLinkedTo } from "../graph/link-stages";
import type { Stage } from "../model/pipeline";
import { fromProjectPath, isSameOrInside } from "../model/paths";
import type { DiscoveryPlugin } from "../plugin/discovery-plugin";
import type { StateRouter } from "../state/state-router";
import { pipelineFileIn } from "./find-pipeline-files";
import { loadAllPipelines, loadPipelineFile } from "./load-pipelines";

const INDEX_NAMESPACE = "output-index";
const INDEX_KEY = "v1";

/** Output path → file of the pipeline producing it, over the whole project. */
type OutputIndex = Record<string, string>;

function indexOf(pipelines: readonly Stage[][]): OutputIndex {
  const index: OutputIndex = {};
  for (const stages of pipelines) for (const stage of stages) for (const out of stage.outs) index[out.path] = stage.pipeline.file;
  return index;
}

/** Deps of `stages` outside their own pipeline folder that none of `stages` produces. */
function foreignDeps(stages: readonly Stage[]): string[] {
  // The output index is built only when some dep lies outside its pipeline (never for a root pipeline).
  let outputs: ReturnType<typeof indexOutputs> | undefined;
  const deps = new Set<string>();
  for (const stage of stages) {
    for (const dep of stage.deps) {
      if (isSameOrInside(dep.path, stage.pipeline.dir)) continue;
      outputs ??= indexOutputs(stages);
      if (outputsLinkedTo(outputs, dep.path).length === 0) deps.add(dep.path);
    }
  }
  return [...deps];
}

/** Pipeline files the index names for `dep`: its producer, a folder output holding it, outputs inside it. */
function candidatesFor(index: OutputIndex, dep: string): string[] {
  return Object.entries(index)
    .filter(([out]) => isSameOrInside(dep, out) || isSameOrInside(out, dep))
    .map(([, file]) => file);
}

/**
 * Pipelines (besides the given ones) that produce what the given pipelines read from outside
 * their folders, transitively: running a sub-pipeline alone still brings in the sibling stage that
 * makes its input. Uses an output index in the project's state DB; a miss rescans the project once.
 */
export async function siblingProducers(root: string, plugins: readonly DiscoveryPlugin[], state: StateRouter, local: Stage[][]): Promise<Stage[][]> {
  const store = state.forProject(root);
  const loaded = new Map<string, Stage[]>(local.map((stages) => [stages[0]?.pipeline.file ?? "", stages]));
  let index: OutputIndex = JSON.parse(store.getCached(INDEX_NAMESPACE, INDEX_KEY) ?? "{}");
  let rescanned = false;
  const extra: Stage[][] = [];
  const seen = new Set<string>();
  let pending = foreignDeps(local.flat());
  while (pending.length > 0) {
    for (const dep of pending) seen.add(dep);
    const unknown = pending.filter((dep) => candidatesFor(index, dep).length === 0);
    if (unknown.length > 0 && !rescanned) {
      // Not in the index: a plain file, or the output of a pipeline added since. Rescan once.
      rescanned = true;
      index = indexOf(await loadAllPipelines(root, plugins, state, false));
      store.putCached(INDEX_NAMESPACE, INDEX_KEY, JSON.stringify(index));
    }
    let added = 0;
    for (const file of new Set(pending.flatMap((dep) => candidatesFor(index, dep)))) {
      if (loaded.has(file)) continue;
      const found = pipelineFileIn(fromProjectPath(root, file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "."), plugins, root);
      if (!found) continue;
      const stages = await loadPipelineFile(root, found, state);
      loaded.set(file, stages);
      extra.push(stages);
      added += 1;
    }
    if (added === 0) break;
    pending = foreignDeps([...loaded.values()].flat()).filter((dep) => !seen.has(dep));
  }
  return extra;
}
