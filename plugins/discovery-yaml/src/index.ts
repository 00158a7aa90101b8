import { definePlugin, lazyDiscovery } from "@pivot/core/define";

export default definePlugin({
  name: "@pivot/plugin-discovery-yaml",
  version: "0.1.0",
  api: "^1.0.0",
  discovery: [
    lazyDiscovery(
      // Its result depends only on the file and its vars files: core reuses it while they are unchanged.
      { name: "yaml", configFiles: ["pivot.yaml", "pivot.yml"], cacheVersion: "yaml-2", setFrozen: true },
      () => import("./yaml-discovery").then((m) => m.yamlDiscovery),
    ),
  ],
});
