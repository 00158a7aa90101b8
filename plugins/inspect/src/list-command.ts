import { defineCommand } from "citty";
import { type Stage, allPipelinesArgs, bold, cyan, describeBody, dim, print, printJson, topoOrder, withProject } from "@pivot/core/internal";

function stageJson(stage: Stage) {
  return {
    id: stage.id,
    name: stage.name,
    pipeline: stage.pipeline.name,
    file: stage.source.file,
    kind: stage.body.kind,
    command: describeBody(stage),
    deps: stage.deps.map((d) => d.path),
    outs: stage.outs.map((o) => ({ path: o.path, kind: o.kind, cache: o.cache })),
    params: stage.params,
    mutex: stage.mutex,
    frozen: stage.frozen === true,
  };
}

export const listCommand = defineCommand({
  meta: { name: "list", description: "List the stages of the pipeline (or --all pipelines)" },
  args: {
    json: { type: "boolean", description: "Print JSON" },
    deps: { type: "boolean", alias: "d", description: "Show each stage's deps and outs" },
    ...allPipelinesArgs,
  },
  async run({ args }) {
    await withProject({ all: args.all, strict: args.strict }, async (project) => {
      const graph = project.graph();
      const stages = topoOrder(graph).map((id) => graph.stage(id));
      if (args.json) return printJson(stages.map(stageJson));
      const multiple = project.pipelines.length > 1;
      for (const stage of stages) {
        const where = multiple ? dim(`  (${stage.pipeline.name})`) : "";
        const frozen = stage.frozen ? ` ${cyan("❄ frozen")}` : "";
        print(`${bold(stage.id)}${frozen}${where}  ${dim(describeBody(stage))}`);
        if (args.deps) {
          for (const dep of stage.deps) print(`    ← ${dep.path}`);
          for (const out of stage.outs) print(`    → ${out.path}${out.kind === "out" ? "" : dim(` (${out.kind})`)}`);
        }
      }
    });
  },
});
