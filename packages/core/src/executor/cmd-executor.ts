import { realpathSync, statSync } from "node:fs";
import type { Stage } from "../model/pipeline";
import { fromProjectPath } from "../model/paths";
import type { ExecuteOptions, ExecuteResult, ExecutorPlugin } from "../plugin/executor-plugin";
import { directArgvOf, pathIsAbsoluteOnly } from "./direct-argv";
import { forEachLine } from "./line-splitter";

const KILL_GRACE_MS = 3000;

type SpawnOptions = Parameters<typeof Bun.spawn>[1] & { cwd: string; env: Record<string, string | undefined> };

const pwdByFolder = new Map<string, string>();

/**
 * The PWD `sh` would export for commands run in `folder`: the inherited PWD when it names that
 * same folder (a path through a symlink stays as the user wrote it), else the physical path.
 */
function shellPwdOf(folder: string, inherited: string | undefined): string {
  let pwd = pwdByFolder.get(folder);
  if (pwd === undefined) {
    pwd = inherited?.startsWith("/") && sameFolder(inherited, folder) ? inherited : realpathSync(folder);
    pwdByFolder.set(folder, pwd);
  }
  return pwd;
}

function sameFolder(a: string, b: string): boolean {
  try {
    const [x, y] = [statSync(a), statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/**
 * Starts a command in its own process group. A command of plain words (see direct-argv.ts) is
 * executed directly, like GNU make does; everything else — and a direct start that fails
 * (program not found, not executable, a script without `#!`) — goes through `sh -c`, so those
 * cases keep the shell's exact behaviour and messages (exit codes 127/126).
 */
function spawnCommand(command: string, options: SpawnOptions): Bun.Subprocess<"ignore", "pipe", "pipe"> {
  const argv = directArgvOf(command);
  if (argv && (argv[0]!.includes("/") || pathIsAbsoluteOnly(options.env.PATH))) {
    const inherited = options.env.PWD;
    try {
      // sh exports PWD as the folder it runs in; without sh, pivot says the same
      options.env.PWD = shellPwdOf(options.cwd, inherited);
      return Bun.spawn(argv, options) as Bun.Subprocess<"ignore", "pipe", "pipe">;
    } catch {
      // fall through to the shell, which reports the problem as it always did
      if (inherited === undefined) delete options.env.PWD;
      else options.env.PWD = inherited;
    }
  }
  return Bun.spawn(["sh", "-c", command], options) as Bun.Subprocess<"ignore", "pipe", "pipe">;
}

/** Runs one command in its own process group; resolves with its exit code or signal. */
async function runShell(command: string, cwd: string, stage: Stage, options: ExecuteOptions): Promise<{ code: number | null; signal: string | null }> {
  const child = spawnCommand(command, {
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

/**
 * Runs `cmd` stages: each command in the stage's wdir, one after another — directly when it is
 * plain words, otherwise with `sh -c`.
 */
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
