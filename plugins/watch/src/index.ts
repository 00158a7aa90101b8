import { definePlugin } from "@pivot/core/plugin";
import { chokidarBackend } from "./chokidar-backend";

/** The file watcher behind `pivot repro --watch` (the watch engine lives in @pivot/core, the flags in repro). */
export default definePlugin({
  name: "@pivot/plugin-watch",
  version: "0.1.0",
  api: "^1.0.0",
  watcher: chokidarBackend,
});
