import { definePlugin } from "@pivot/core/define";

export default definePlugin({
  name: "@pivot/plugin-completion",
  version: "0.1.0",
  api: "^1.0.0",
  commands: {
    completion: {
      description: "Print the shell completion script for bash, zsh or fish",
      group: "project",
      load: () => import("./completion-command").then((m) => m.completionCommand),
    },
    __complete: {
      description: "Completion candidates for a command line, one per line (called by the completion scripts)",
      hidden: true,
      load: () => import("./complete-command").then((m) => m.completeCommand),
    },
  },
});
