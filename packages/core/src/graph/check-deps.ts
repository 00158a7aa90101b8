/** The missing-dependency check: every dep is produced by a stage, present on disk, or tracked. */
import { closestMatches } from "../errors/did-you-mean";
import { PivotError } from "../errors/pivot-error";
import type { Stage } from "../model/pipeline";
import { describeStage } from "./describe-stage";
import type { PipelineGraph } from "./pipeline-graph";

/** How many missing deps one error lists. */
const LISTED_MAX = 10;

interface MissingDep {
  stage: Stage;
  path: string;
}

/** Deps no stage produces and `exists` does not know, in declaration order. */
export function findMissingDeps(graph: PipelineGraph, exists: (projectPath: string) => boolean): MissingDep[] {
  const known = new Map<string, boolean>();
  const missing: MissingDep[] = [];
  for (const stage of graph.stages.values()) {
    for (const dep of stage.deps) {
      if (graph.producersOf(dep.path).length > 0) continue;
      let present = known.get(dep.path);
      if (present === undefined) {
        present = exists(dep.path);
        known.set(dep.path, present);
      }
      if (!present) missing.push({ stage, path: dep.path });
    }
  }
  return missing;
}

/** Throws DEPENDENCY_MISSING listing every missing dep (up to ten), each with its stage and file. */
export function assertDepsExist(graph: PipelineGraph, exists: (projectPath: string) => boolean): void {
  const missing = findMissingDeps(graph, exists);
  const [only] = missing;
  if (only === undefined) return;
  const outputPaths = graph.outputs().map((producer) => producer.out.path);
  const suggest = (path: string) => closestMatches(path, outputPaths, 1)[0];
  if (missing.length === 1) {
    const close = suggest(only.path);
    const hint = "Create it, `pivot track` it, or add the stage that produces it.";
    fail(
      `Stage ${describeStage(only.stage)} depends on '${only.path}', which no stage produces and which does not exist`,
      close === undefined ? hint : `Did you mean '${close}'? ${hint}`,
    );
  }
  const lines = missing.slice(0, LISTED_MAX).map(({ stage, path }) => {
    const close = suggest(path);
    return `  '${path}', needed by ${describeStage(stage)}${close === undefined ? "" : ` — did you mean '${close}'?`}`;
  });
  if (missing.length > LISTED_MAX) lines.push(`  … and ${missing.length - LISTED_MAX} more`);
  fail(
    `${missing.length} dependencies are neither produced by a stage nor present on disk:\n${lines.join("\n")}`,
    "Create each missing path, `pivot track` it, or add the stage that produces it.",
  );
}

function fail(message: string, hint: string): never {
  throw new PivotError("DEPENDENCY_MISSING", message, { hint });
}
