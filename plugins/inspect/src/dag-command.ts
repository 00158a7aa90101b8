import { resolve } from "node:path";
import { defineCommand } from "citty";
import { allPipelinesArgs, completes, openInBrowser, print, renderAscii, renderDagHtml, renderDot, renderMermaid, selectStages, writeReport, withProject } from "@pivot/core/internal";

export const dagCommand = defineCommand({
  meta: { name: "dag", description: "Draw the stage graph (text, --mermaid, --dot or an --html page)" },
  args: {
    targets: { type: "positional", required: false, description: "Stages to draw, with everything upstream of them", ...completes("stages") },
    mermaid: { type: "boolean", description: "Mermaid flowchart" },
    dot: { type: "boolean", description: "Graphviz dot" },
    html: { type: "boolean", description: "Write a self-contained HTML page (SVG drawing) to --output" },
    output: { type: "string", valueHint: "FILE", description: "Where --html writes the page (default pivot_dag.html)", ...completes("files") },
    force: { type: "boolean", alias: "f", description: "Replace an existing --output file pivot did not write" },
    open: { type: "boolean", description: "With --html: open the page in the browser" },
    outs: { type: "boolean", alias: "o", description: "Show the files linking stages" },
    ...allPipelinesArgs,
  },
  async run({ args }) {
    await withProject({ all: args.all, strict: args.strict }, async (project) => {
      const graph = project.graph();
      const ids = selectStages(graph, args._, { upstream: true });
      if (args.html || args.output || args.open) {
        const file = resolve(args.output || "pivot_dag.html");
        writeReport(file, renderDagHtml(graph, ids, `Pipeline DAG · ${project.pipelines.map((p) => p.name).join(", ")}`), { force: args.force });
        print(`Wrote the DAG of ${ids.length} stage${ids.length === 1 ? "" : "s"} to ${file}`);
        if (args.open) openInBrowser(file);
        return;
      }
      const options = { showOutputs: Boolean(args.outs) };
      print(args.mermaid ? renderMermaid(graph, ids, options) : args.dot ? renderDot(graph, ids, options) : renderAscii(graph, ids, options));
    });
  },
});
