import { definePlugin, lazyExecutor } from "@pivot/core/define";

export default definePlugin({
  name: "@pivot/plugin-repro",
  version: "0.1.0",
  api: "^1.0.0",
  executors: [lazyExecutor("cmd", () => import("@pivot/core/internal").then((m) => m.cmdExecutor))],
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
    freeze: {
      description: "Freeze stages: they never run; repro uses their recorded outputs",
      group: "pipeline",
      load: () => import("./freeze-command").then((m) => m.freezeCommand),
    },
    unfreeze: {
      description: "Unfreeze stages: they run again when their inputs change",
      group: "pipeline",
      load: () => import("./freeze-command").then((m) => m.unfreezeCommand),
    },
  },
});
