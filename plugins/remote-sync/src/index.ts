import { definePlugin } from "@pivot/core/define";

export default definePlugin({
  name: "@pivot/plugin-remote-sync",
  version: "0.1.0",
  api: "^1.0.0",
  commands: {
    remote: {
      description: "Add, list, remove remotes and choose the default",
      group: "data",
      load: () => import("./remote-command").then((m) => m.remoteCommand),
    },
    push: {
      description: "Upload cached outputs (and run-cache entries) to a remote",
      group: "data",
      load: () => import("./push-command").then((m) => m.pushCommand),
    },
    fetch: {
      description: "Download cached outputs from a remote into the cache",
      group: "data",
      load: () => import("./fetch-command").then((m) => m.fetchCommand),
    },
    pull: {
      description: "Fetch outputs from a remote and place them in the workspace",
      group: "data",
      load: () => import("./pull-command").then((m) => m.pullCommand),
    },
  },
});
