import { PivotError } from "../errors/pivot-error";
import type { Stage } from "../model/pipeline";
import { describeStage } from "./describe-stage";

/** Throws STAGE_DUPLICATE when two stages share an id; returns the stages by id, in input order. */
export function indexStageIds(stages: readonly Stage[]): Map<string, Stage> {
  const byId = new Map<string, Stage>();
  for (const stage of stages) {
    const first = byId.get(stage.id);
    if (first !== undefined) {
      throw new PivotError(
        "STAGE_DUPLICATE",
        `Stage '${stage.id}' is declared twice: ${describeStage(first)} and ${describeStage(stage)}`,
        { hint: "Stage names must be unique within a pipeline; rename one of them." },
      );
    }
    byId.set(stage.id, stage);
  }
  return byId;
}
