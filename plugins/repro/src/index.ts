import { definePlugin, lazyExecutor } from "@pivot/core/define";

export default definePlugin({
  name: "@pivot/plugin-repro",
  version: "0.1.0",
  executors: [lazyExecutor("cmd", () => import("@pivot/core").then((m) => m.cmdExecutor))],
  commands: {
    repro: {
      description: "Bring stages up to date: run what changed, with everything upstream",
      group: "pipeline",
      load: () => import("./repro-command").then((m) => m.reproCommand),
    },
    run: {
      description: "Run the named stages only (not their upstream)",
      group: "pipeline",
      load: () => import("./run-command").then((m) => m.runCommand),
    },
  },
});
