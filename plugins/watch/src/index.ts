import { definePlugin } from "@pivot/core";

export default definePlugin({
  name: "@pivot/plugin-watch",
  version: "0.1.0",
});
