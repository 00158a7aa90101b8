import type { Stage } from "./pipeline";

/**
 * One line saying what a stage runs: its commands, where a pipeline.ts stage is registered, the
 * `file#function` of a `run:` stage, or a plugin kind with its spec.
 */
export function describeBody(stage: Stage): string {
  const body = stage.body;
  if (body.kind === "cmd") return body.cmd.join(" && ");
  if (body.kind !== "ts") return `${body.kind} ${JSON.stringify(body.spec)}`;
  if (body.stage !== undefined) return `${stage.source.file}${stage.source.line ? `:${stage.source.line}` : ""}`;
  return `${body.file}#${body.exportName}`;
}
