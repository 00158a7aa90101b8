import { definePlugin } from "@pivot/core";

export default definePlugin({
  name: "@pivot/plugin-remote-s3",
  version: "0.1.0",
});
