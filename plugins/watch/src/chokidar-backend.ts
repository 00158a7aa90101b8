import type { FSWatcher } from "chokidar";
import type { FileWatcher, WatchCallbacks, WatcherBackend } from "@pivot/core/plugin";

/**
 * The file watcher on chokidar (inotify/FSEvents through `fs.watch`). Folders are watched, never
 * single files: a file replaced by rename (editors, `sed -i`, atomic writes) or deleted and
 * created again stays watched.
 */
async function watchFolders(paths: readonly string[], callbacks: WatchCallbacks): Promise<FileWatcher> {
  // Imported on first use: every other command starts without loading chokidar.
  const { watch } = await import("chokidar");
  const watcher: FSWatcher = watch([...paths], {
    ignoreInitial: true,
    ignored: (path, stats) => callbacks.skip(path, stats ? stats.isDirectory() : undefined),
  });
  watcher.on("all", (_event, path) => callbacks.onChange(path));
  watcher.on("error", (error) => callbacks.onError(error));
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return {
    add: (more) => {
      if (more.length > 0) watcher.add([...more]);
    },
    close: () => watcher.close(),
  };
}

export const chokidarBackend: WatcherBackend = { name: "chokidar", watch: watchFolders };
