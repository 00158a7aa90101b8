import { definePlugin, lazyDiscovery, lazyExecutor } from "@pivot/core/define";

export default definePlugin({
  name: "@pivot/plugin-discovery-ts",
  version: "0.1.0",
  api: "^1.0.0",
  discovery: [lazyDiscovery({ name: "ts", configFiles: ["pipeline.ts"] }, () => import("./ts-discovery").then((m) => m.tsDiscovery))],
  executors: [lazyExecutor("ts", () => import("@pivot/core/internal").then((m) => m.createTsExecutor()))],
});
