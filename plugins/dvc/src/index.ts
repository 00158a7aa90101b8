import { definePlugin } from "@pivot/core/define";

/** Moving between DVC and pivot: `pivot export` writes a dvc.yaml, `pivot import-dvc` reads one. */
export default definePlugin({
  name: "@pivot/plugin-dvc",
  version: "0.1.0",
  api: "^1.0.0",
  commands: {
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
