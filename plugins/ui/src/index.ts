import { definePlugin } from "@pivot/core/define";

export default definePlugin({
  name: "@pivot/plugin-ui",
  version: "0.1.0",
  api: "^1.0.0",
  commands: {
    ui: {
      description: "Open a local web page with the live DAG, runs, logs, metrics and plots",
      group: "inspect",
      load: () => import("./ui-command").then((m) => m.uiCommand),
    },
  },
});
