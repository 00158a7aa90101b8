import { definePlugin } from "@pivot/core";

export default definePlugin({
  name: "@pivot/plugin-outputs",
  version: "0.1.0",
});
