import { definePlugin } from "@pivot/core/define";

export default definePlugin({
  name: "@pivot/plugin-project",
  version: "0.1.0",
  api: "^1.0.0",
  commands: {
    init: {
      description: "Create a pivot project (.pivot/) in the current folder",
      group: "project",
      load: () => import("./init-command").then((m) => m.initCommand),
    },
    config: {
      description: "Get, set, unset and list configuration values",
      group: "project",
      load: () => import("./config-command").then((m) => m.configCommand),
    },
    plugins: {
      description: "List the loaded plugins, their versions and what each provides",
      group: "project",
      load: () => import("./plugins-command").then((m) => m.pluginsCommand),
    },
  },
});
