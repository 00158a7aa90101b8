import { definePlugin } from "@pivot/core";

export default definePlugin({
  name: "@pivot/plugin-discovery-ts",
  version: "0.1.0",
});
