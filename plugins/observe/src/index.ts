import { definePlugin } from "@pivot/core/define";

/** Params, metrics and plots of the workspace and of git revisions. */

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
  },
});
