import type { Stage } from "../model/pipeline";
import { fromProjectPath } from "../model/paths";
import type { ExecuteOptions, ExecuteResult, ExecutorPlugin } from "../plugin/executor-plugin";
import { forEachLine } from "./line-splitter";

const KILL_GRACE_MS = 3000;

/** Runs one shell command in its own process group; resolves with its exit code or signal. */
async function runShell(command: string, cwd: string, stage: Stage, options: ExecuteOptions): Promise<{ code: number | null; signal: string | null }> {
  const child = Bun.spawn(["sh", "-c", command], {
    cwd,
    env: { ...process.env, PIVOT_STAGE: stage.id, PIVOT_PROJECT_ROOT: options.projectRoot },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    detached: true,
  });
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  let forceKill: ReturnType<typeof setTimeout> | undefined;
  const onAbort = () => {
    killGroup("SIGTERM");
    forceKill = setTimeout(() => killGroup("SIGKILL"), KILL_GRACE_MS);
  };
  options.signal.addEventListener("abort", onAbort, { once: true });
  try {
    await Promise.all([
      forEachLine(child.stdout, (text) => options.onOutput({ stream: "stdout", text })),
      forEachLine(child.stderr, (text) => options.onOutput({ stream: "stderr", text })),
      child.exited,
    ]);
  } finally {
    options.signal.removeEventListener("abort", onAbort);
    if (forceKill) clearTimeout(forceKill);
  }
  return { code: child.exitCode, signal: child.signalCode === null ? null : String(child.signalCode) };
}

function failure(command: string, code: number | null, signal: string | null): ExecuteResult {
  if (signal) return { ok: false, error: `command killed by ${signal}`, detail: command };
  if (code === 127) {
    return { ok: false, error: "command not found (exit code 127)", detail: `${command}\nCheck the program name and that it is installed and on PATH.` };
  }
  if (code === 126) return { ok: false, error: "command is not executable (exit code 126)", detail: command };
  return { ok: false, error: `command exited with code ${code}`, detail: command };
}

/** Runs `cmd` stages: each command in `sh -c`, in the stage's wdir, one after another. */
export const cmdExecutor: ExecutorPlugin = {
  kind: "cmd",
  async execute(stage, options) {
    if (stage.body.kind !== "cmd") return { ok: false, error: "not a cmd stage" };
    const cwd = fromProjectPath(options.projectRoot, stage.wdir);
    for (const command of stage.body.cmd) {
      if (options.signal.aborted) return { ok: false, error: "interrupted" };
      const { code, signal } = await runShell(command, cwd, stage, options);
      if (options.signal.aborted) return { ok: false, error: "interrupted" };
      if (code !== 0) return failure(command, code, signal);
    }
    return { ok: true };
  },
};
