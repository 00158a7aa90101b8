import { definePlugin } from "@pivot/core/define";

export default definePlugin({
  name: "@pivot/plugin-outputs",
  version: "0.1.0",
  api: "^1.0.0",
  commands: {
    commit: {
      description: "Record the workspace state of stages without running them",
      group: "pipeline",
      load: () => import("./commit-command").then((m) => m.commitCommand),
    },
    verify: {
      description: "CI gate: stages up to date and every cached output intact in the cache",
      group: "pipeline",
      load: () => import("./verify-command").then((m) => m.verifyCommand),
    },
    checkout: {
      description: "Restore outputs and tracked data from the cache",
      group: "data",
      load: () => import("./checkout-command").then((m) => m.checkoutCommand),
    },
    track: {
      description: "Put data no stage produces under the cache, with a .pvt file for git",
      group: "data",
      load: () => import("./track-command").then((m) => m.trackCommand),
    },
    gc: {
      description: "Remove cache objects nothing references (workspace, git revisions, run cache), locally or on a remote",
      group: "data",
      load: () => import("./gc-command").then((m) => m.gcCommand),
    },
    cache: {
      description: "Objects and bytes in the cache and on a remote, by pipeline (`pivot cache size`)",
      group: "data",
      load: () => import("./cache-command").then((m) => m.cacheCommand),
    },
    doctor: {
      description: "Check Bun, the project, config, cache, state DBs and remotes",
      group: "project",
      load: () => import("./doctor-command").then((m) => m.doctorCommand),
    },
  },
});
