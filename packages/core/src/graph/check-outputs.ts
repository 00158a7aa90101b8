/**
 * Output validation: every path is written by one stage, and no output lies inside another
 * (a folder output owns everything below it). Builds the output index the graph links deps with.
 */
import { PivotError } from "../errors/pivot-error";
import type { Stage } from "../model/pipeline";
import type { OutDef } from "../model/stage";
import { describeStage } from "./describe-stage";
import { PathTrie, pathSegments, type TrieEntry } from "./path-trie";

/** An output and the stage that declares it. */
export interface Producer {
  stage: Stage;
  out: OutDef;
}

/**
 * Indexes every output by path, in declaration order. Throws OUTPUT_DUPLICATE for a path declared
 * twice (by two stages or one) and OUTPUT_OVERLAP for an output inside another output.
 */
export function indexOutputs(stages: readonly Stage[]): PathTrie<Producer> {
  const outputs = new PathTrie<Producer>();
  for (const stage of stages) {
    for (const out of stage.outs) {
      const added: Producer = { stage, out };
      const [clash] = outputs.overlapping(out.path);
      if (clash !== undefined) throw clashError(clash, added);
      outputs.set(out.path, added);
    }
  }
  return outputs;
}

/** The error for a new output overlapping an indexed one: equal, inside it, or around it. */
function clashError(existing: TrieEntry<Producer>, added: Producer): PivotError {
  const existingDepth = pathSegments(existing.path).length;
  const addedDepth = pathSegments(added.out.path).length;
  if (existingDepth === addedDepth) return duplicateOutput(existing.value, added);
  if (existingDepth < addedDepth) return overlappingOutputs(existing, added);
  return overlappingOutputs({ path: pathSegments(added.out.path).join("/"), value: added }, existing.value);
}

function duplicateOutput(first: Producer, second: Producer): PivotError {
  if (first.stage === second.stage) {
    return new PivotError(
      "OUTPUT_DUPLICATE",
      `Output '${second.out.path}' is declared twice by stage ${describeStage(second.stage)}`,
      { hint: "Remove the repeated entry from the stage's outs." },
    );
  }
  return new PivotError(
    "OUTPUT_DUPLICATE",
    `Output '${second.out.path}' is declared by two stages: ` +
      `${describeStage(first.stage)} and ${describeStage(second.stage)}`,
    { hint: "A path can be written by only one stage. Rename one of the outputs, or merge the two stages." },
  );
}

function overlappingOutputs(outer: TrieEntry<Producer>, inner: Producer): PivotError {
  const owner = outer.value.stage;
  const where =
    owner === inner.stage
      ? `its own output '${outer.path}'`
      : `output '${outer.path}' of stage ${describeStage(owner)}`;
  return new PivotError(
    "OUTPUT_OVERLAP",
    `Output '${inner.out.path}' of stage ${describeStage(inner.stage)} is inside ${where}`,
    {
      hint:
        `One output may not contain another: a folder output owns everything below it. ` +
        `Declare only '${outer.path}', or write '${inner.out.path}' outside it.`,
    },
  );
}
