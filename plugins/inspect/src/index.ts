import { definePlugin } from "@pivot/core/define";

export default definePlugin({
  name: "@pivot/plugin-inspect",
  version: "0.1.0",
  api: "^1.0.0",
  commands: {
    list: {
      description: "List the stages of the pipeline (or --all pipelines)",
      group: "inspect",
      load: () => import("./list-command").then((m) => m.listCommand),
    },
    dag: {
      description: "Draw the stage graph (text, --mermaid, --dot or an --html page)",
      group: "inspect",
      load: () => import("./dag-command").then((m) => m.dagCommand),
    },
  },
});
