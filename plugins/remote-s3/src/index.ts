import { definePlugin } from "@pivot/core/plugin";

export default definePlugin({
  name: "@pivot/plugin-remote-s3",
  version: "0.1.0",
  api: "^1.0.0",
  remotes: [{ scheme: "s3", create: async (url, options) => (await import("./s3-remote")).createS3Remote(url, options) }],
});
