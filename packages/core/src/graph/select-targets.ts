/**
 * Target selection: which stages a command acts on. A target is an exact stage id, a glob over
 * stage ids (`train@*`, `*`), or a base name selecting all matrix variants (`train` → `train@a`,
 * `train@b`) when no stage is called exactly that.
 */
import { picomatch } from "../fs/lazy-picomatch";
import { didYouMean } from "../errors/did-you-mean";
import { PivotError } from "../errors/pivot-error";
import { downstreamClosure, upstreamClosure } from "./closure";
import type { PipelineGraph } from "./pipeline-graph";
import { topoOrder } from "./topo-order";

export interface SelectOptions {
  /** Add every stage the targets read from, transitively (`repro`, `status`). */
  upstream: boolean;
  /** Add every stage reading the targets' outputs, transitively. */
  downstream?: boolean;
}

/** The selected stage ids in execution order. No targets selects every stage. */
export function selectStages(graph: PipelineGraph, targets: readonly string[], options: SelectOptions): string[] {
  const chosen = targets.length === 0 ? [...graph.stages.keys()] : targets.flatMap((t) => matchTarget(graph, t));
  const selected = new Set(chosen);
  if (options.upstream) for (const id of upstreamClosure(graph, chosen)) selected.add(id);
  if (options.downstream === true) for (const id of downstreamClosure(graph, chosen)) selected.add(id);
  return topoOrder(graph, selected);
}

/** Stage ids one target names, in declaration order; throws STAGE_NOT_FOUND when it names none. */
export function matchTarget(graph: PipelineGraph, target: string): string[] {
  if (graph.stages.has(target)) return [target];
  const ids = [...graph.stages.keys()];
  if (/[*?[\]{}!()]/.test(target) && picomatch().scan(target).isGlob) {
    const isMatch = picomatch()(target, { dot: true });
    const matched = ids.filter((id) => isMatch(id));
    if (matched.length > 0) return matched;
    throw notFound(graph, `No stage matches the pattern '${target}'`, baseName(target));
  }
  const variants = [...graph.stages.values()]
    .filter((stage) => baseName(stage.id) === target || stage.name === target || baseName(stage.name) === target)
    .map((stage) => stage.id);
  if (variants.length > 0) return variants;
  throw notFound(graph, `Unknown stage '${target}'`, target);
}

/** `train` for `train@small`; the name itself when it has no matrix suffix. */
export function baseName(stageName: string): string {
  const at = stageName.indexOf("@");
  return at === -1 ? stageName : stageName.slice(0, at);
}

/** The names that select stages: every stage id, and the base name of each matrix stage (once). */
export function stageTargetNames(stages: Iterable<{ id: string }>): string[] {
  const names = new Set<string>();
  for (const stage of stages) {
    if (stage.id.includes("@")) names.add(baseName(stage.id));
    names.add(stage.id);
  }
  return [...names];
}

/** STAGE_NOT_FOUND with the closest stage ids and base names to `near` as a suggestion. */
function notFound(graph: PipelineGraph, message: string, near: string): PivotError {
  const suggestion = didYouMean(near, stageTargetNames(graph.stages.values()));
  const list = "Run `pivot list` to see all stages.";
  return new PivotError("STAGE_NOT_FOUND", message, { hint: suggestion === undefined ? list : `${suggestion} ${list}` });
}
