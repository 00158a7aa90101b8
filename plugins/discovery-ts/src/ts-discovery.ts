import { type DiscoveryPlugin, PivotError, isPipeline, toProjectPath } from "@pivot/core/internal";
import { importPipelineModule } from "./import-pipeline";
import { toPipelineDef } from "./to-pipeline-def";

/** Loads `pipeline.ts`: imports it and reads the `Pipeline` it exports as `pipeline`. */
export const tsDiscovery: DiscoveryPlugin = {
  name: "ts",
  configFiles: ["pipeline.ts"],
  async load(file, ctx) {
    const module = await importPipelineModule(file, ctx.projectRoot);
    const pipeline = module.pipeline;
    if (!isPipeline(pipeline)) {
      const rel = toProjectPath(ctx.projectRoot, file);
      const names = Object.keys(module);
      const elsewhere = names.find((name) => isPipeline(module[name]));
      const problem = pipeline === undefined ? "has no export named 'pipeline'" : "exports 'pipeline', but it is not a Pipeline";
      throw new PivotError("PIPELINE_INVALID", `${rel} ${problem} (exports: ${names.length > 0 ? names.join(", ") : "none"})`, {
        hint: elsewhere
          ? `Export it as \`pipeline\`: export const pipeline = ${elsewhere};`
          : 'Add: import { Pipeline } from "@pivot/core"; export const pipeline = new Pipeline("name");',
      });
    }
    return toPipelineDef(pipeline, ctx);
  },
};
