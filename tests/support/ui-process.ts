import type { Subprocess } from "bun";
import { PIVOT_BIN } from "./project";

/** A running `pivot ui --no-open` and the URL it printed (with the session token). */
export interface UiProcess {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  url: string;
  /** `http://host:port` without path or token. */
  origin: string;
  token: string;
  output(): string;
  /** Ctrl-C, then the exit code. */
  stop(timeoutMs?: number): Promise<number>;
}

/** Starts `pivot ui --no-open [args]` in `cwd` and waits for its URL. */
export async function startUi(cwd: string, args: string[] = [], timeoutMs = 30_000): Promise<UiProcess> {
  const proc = Bun.spawn(["bun", PIVOT_BIN, "ui", "--no-open", ...args], { cwd, env: { ...process.env, NO_COLOR: "1" }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  let out = "";
  let err = "";
  void (async () => {
    for await (const chunk of proc.stderr) err += new TextDecoder().decode(chunk);
  })();
  const found = new Promise<string>((resolve, reject) => {
    void (async () => {
      for await (const chunk of proc.stdout) {
        out += new TextDecoder().decode(chunk);
        const url = /pivot ui: (http\S+)/.exec(out)?.[1];
        if (url) resolve(url);
      }
      reject(new Error(`pivot ui exited before printing its URL:\n${out}\n${err}`));
    })();
  });
  const timeout = Bun.sleep(timeoutMs).then(() => {
    throw new Error(`pivot ui printed no URL within ${timeoutMs}ms:\n${out}\n${err}`);
  });
  const url = await Promise.race([found, timeout]);
  const parsed = new URL(url);
  return {
    proc,
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get("token") ?? "",
    output: () => out + err,
    async stop(stopTimeoutMs = 15_000) {
      proc.kill("SIGINT");
      const code = await Promise.race([proc.exited, Bun.sleep(stopTimeoutMs).then(() => -1)]);
      if (code === -1) proc.kill("SIGKILL");
      return code;
    },
  };
}
