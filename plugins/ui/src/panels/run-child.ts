import type { Subprocess } from "bun";
import { pivotCommand } from "./pivot-child";

export interface RunRequest {
  /** One stage (with its upstream), or the whole pipeline. */
  stage?: string;
}

/**
 * The Run button (`--allow-run`): at most one `pivot repro` child at a time. Its progress reaches the
 * page the way any other repro's does, through the run log; this only reports start and exit.
 */
export class RunChild {
  #proc: Subprocess<"ignore", "ignore", "pipe"> | undefined;

  constructor(
    readonly cwd: string,
    readonly all: boolean,
    readonly onChange: (event: { state: "started" | "ended"; args: string[]; exitCode?: number; error?: string }) => void,
  ) {}

  get busy(): boolean {
    return this.#proc !== undefined;
  }

  start(request: RunRequest): string[] {
    const args = ["repro", ...(this.all ? ["--all"] : []), ...(request.stage ? [request.stage] : [])];
    const proc = Bun.spawn([...pivotCommand(), ...args], { cwd: this.cwd, env: { ...process.env, NO_COLOR: "1" }, stdin: "ignore", stdout: "ignore", stderr: "pipe" });
    this.#proc = proc;
    this.onChange({ state: "started", args });
    void (async () => {
      const stderr = await new Response(proc.stderr).text();
      const exitCode = await proc.exited;
      this.#proc = undefined;
      this.onChange({ state: "ended", args, exitCode, ...(exitCode !== 0 ? { error: stderr.trim().split("\n").slice(-20).join("\n") } : {}) });
    })();
    return args;
  }

  /** Stops a running child (Ctrl-C of the UI): repro handles SIGINT and leaves everything consistent. */
  async stop(): Promise<void> {
    const proc = this.#proc;
    if (!proc) return;
    proc.kill("SIGINT");
    await Promise.race([proc.exited, Bun.sleep(10_000)]);
  }
}
