import { createTsExecutor, definePlugin } from "@pivot/core";
import { tsDiscovery } from "./ts-discovery";

export default definePlugin({
  name: "@pivot/plugin-discovery-ts",
  version: "0.1.0",
  discovery: [tsDiscovery],
  executors: [createTsExecutor()],
});
