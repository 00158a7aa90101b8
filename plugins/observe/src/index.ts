import { definePlugin } from "@pivot/core/define";

export default definePlugin({
  name: "@pivot/plugin-observe",
  version: "0.1.0",
  api: "^1.0.0",
  commands: {
    params: {
      description: "Show parameters, or diff them against git revisions",
      group: "inspect",
      load: () => import("./params-command").then((m) => m.paramsCommand),
    },
    metrics: {
      description: "Show metrics, or diff them against git revisions",
      group: "inspect",
      load: () => import("./metrics-command").then((m) => m.metricsCommand),
    },
    plots: {
      description: "Draw plots into an HTML page, or overlay them across git revisions",
      group: "inspect",
      load: () => import("./plots-command").then((m) => m.plotsCommand),
    },
    export: {
      description: "Write an equivalent dvc.yaml (and params) for review in DVC tooling",
      group: "project",
      load: () => import("./export-command").then((m) => m.exportCommand),
    },
    "import-dvc": {
      description: "Convert dvc.yaml (and dvc.lock) into pivot.yaml and lock files",
      group: "project",
      load: () => import("./import-dvc-command").then((m) => m.importDvcCommand),
    },
  },
});
