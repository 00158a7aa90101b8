/** How `repro --watch` hears about file changes. The built-in backend (plugins/watch) uses chokidar. */

export interface WatchCallbacks {
  /**
   * Asked for every path the watcher meets (absolute). `isDirectory` is undefined when the watcher
   * has not looked at the path yet. Returning true keeps the watcher out of it (no OS watch).
   */
  skip(path: string, isDirectory: boolean | undefined): boolean;
  /** A file or folder was added, changed or removed (absolute path). */
  onChange(path: string): void;
  /** The watcher failed (e.g. out of inotify watches); watching goes on where it still can. */
  onError(error: unknown): void;
}

export interface FileWatcher {
  /** Watches more folders (absolute paths; missing ones are watched for their creation). */
  add(paths: readonly string[]): void;
  close(): Promise<void>;
}

export interface WatcherBackend {
  name: string;
  /** Starts watching `paths` (folders, recursively, as far as `skip` allows); resolves once ready. */
  watch(paths: readonly string[], callbacks: WatchCallbacks): Promise<FileWatcher>;
}
