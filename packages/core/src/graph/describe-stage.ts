import type { Stage } from "../model/pipeline";

/** Where a stage was declared, for messages: `pipelines/train/pivot.yaml:12`. */
export function stageSource(stage: Stage): string {
  const { file, line } = stage.source;
  return line === undefined ? file : `${file}:${line}`;
}

/** A stage named for a message: `'train' (pipelines/train/pivot.yaml:12)`. */
export function describeStage(stage: Stage): string {
  return `'${stage.id}' (${stageSource(stage)})`;
}
