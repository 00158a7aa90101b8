import { definePlugin } from "@pivot/core/define";

export default definePlugin({
  name: "@pivot/plugin-status",
  version: "0.1.0",
  api: "^1.0.0",
  commands: {
    status: {
      description: "Show which stages are stale, and why",
      group: "pipeline",
      load: () => import("./status-command").then((m) => m.statusCommand),
    },
    history: {
      description: "List recent runs, or show one run's stages",
      group: "inspect",
      load: () => import("./history-command").then((m) => m.historyCommand),
    },
  },
});
