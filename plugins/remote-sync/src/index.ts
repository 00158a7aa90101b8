import { definePlugin } from "@pivot/core";

export default definePlugin({
  name: "@pivot/plugin-remote-sync",
  version: "0.1.0",
});
