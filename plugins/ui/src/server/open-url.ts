import { warn } from "@pivot/core/internal";

/** Opens `url` in the user's browser (`open`, `start` or `xdg-open`) without waiting; false when there is no opener. */
export function openUrl(url: string): boolean {
  const command = process.platform === "darwin" ? ["open", url] : process.platform === "win32" ? ["cmd", "/c", "start", "", url] : ["xdg-open", url];
  if (!Bun.which(command[0]!)) return false;
  try {
    Bun.spawn(command, { stdin: "ignore", stdout: "ignore", stderr: "ignore" }).unref();
    return true;
  } catch {
    warn(`Cannot open a browser with '${command[0]}'`, "Open the URL above yourself.");
    return false;
  }
}
