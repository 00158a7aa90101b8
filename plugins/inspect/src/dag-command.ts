import { defineCommand } from "citty";
import { openProject, print, renderAscii, renderDot, renderMermaid, selectStages } from "@pivot/core";

export const dagCommand = defineCommand({
  meta: { name: "dag", description: "Draw the stage graph (text, --mermaid or --dot)" },
  args: {
    targets: { type: "positional", required: false, description: "Stages to draw, with everything upstream of them" },
    mermaid: { type: "boolean", description: "Mermaid flowchart" },
    dot: { type: "boolean", description: "Graphviz dot" },
    outs: { type: "boolean", alias: "o", description: "Show the files linking stages" },
    all: { type: "boolean", alias: "a", description: "Every pipeline in the project" },
  },
  async run({ args }) {
    const project = await openProject({ all: args.all });
    try {
      const graph = project.graph();
      const ids = selectStages(graph, args._, { upstream: true });
      const options = { showOutputs: Boolean(args.outs) };
      print(args.mermaid ? renderMermaid(graph, ids, options) : args.dot ? renderDot(graph, ids, options) : renderAscii(graph, ids, options));
    } finally {
      project.close();
    }
  },
});
