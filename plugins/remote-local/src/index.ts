import { definePlugin } from "@pivot/core/plugin";

export default definePlugin({
  name: "@pivot/plugin-remote-local",
  version: "0.1.0",
  api: "^1.0.0",
  remotes: [{ scheme: "file", create: async (url, options) => (await import("./local-remote")).createLocalRemote(url, options) }],
});
