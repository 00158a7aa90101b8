import { definePlugin } from "@pivot/core";
import { yamlDiscovery } from "./yaml-discovery";

export default definePlugin({
  name: "@pivot/plugin-discovery-yaml",
  version: "0.1.0",
  discovery: [yamlDiscovery],
});
