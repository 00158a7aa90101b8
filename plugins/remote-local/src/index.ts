import { definePlugin } from "@pivot/core";

export default definePlugin({
  name: "@pivot/plugin-remote-local",
  version: "0.1.0",
});
