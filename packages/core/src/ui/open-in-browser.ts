import { pathToFileURL } from "node:url";
import { warn } from "./output";

/**
 * Opens a local file in the user's browser (`open` on macOS, `start` on Windows, `xdg-open`
 * elsewhere), without waiting for it. When no opener exists, says where the file is instead.
 * Returns whether an opener was started.
 */
export function openInBrowser(file: string): boolean {
  const url = pathToFileURL(file).href;
  const command = process.platform === "darwin" ? ["open", url] : process.platform === "win32" ? ["cmd", "/c", "start", "", url] : ["xdg-open", url];
  if (!Bun.which(command[0]!)) {
    warn(`Cannot open a browser: '${command[0]}' is not installed`, `Open ${url} yourself.`);
    return false;
  }
  try {
    const proc = Bun.spawn(command, { stdin: "ignore", stdout: "ignore", stderr: "ignore" });
    proc.unref();
    return true;
  } catch {
    warn(`Cannot open a browser with '${command[0]}'`, `Open ${url} yourself.`);
    return false;
  }
}
