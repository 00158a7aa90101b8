import { definePlugin } from "@pivot/core";

export default definePlugin({
  name: "@pivot/plugin-observe",
  version: "0.1.0",
});
