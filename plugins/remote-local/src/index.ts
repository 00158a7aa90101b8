import { definePlugin } from "@pivot/core";
import { createLocalRemote } from "./local-remote";

export default definePlugin({
  name: "@pivot/plugin-remote-local",
  version: "0.1.0",
  remotes: [{ scheme: "file", create: createLocalRemote }],
});
