/** Real git repositories for end-to-end tests (init, commit, inspect). */

import { requireExecutable } from "./start-test-file";

/** Runs git in `cwd`; throws with git's stderr when it fails, or what to install when there is no git. */
export function git(cwd: string, ...args: string[]): string {
  const proc = Bun.spawnSync([requireExecutable("git"), ...args], { cwd, stdout: "pipe", stderr: "pipe", env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } });
  if (proc.exitCode !== 0) throw new Error(`git ${args.join(" ")} failed: ${proc.stderr.toString()}`);
  return proc.stdout.toString();
}

/** `git init` with a local identity, so commits work on any machine. */
export function initGitRepo(cwd: string): void {
  git(cwd, "init", "-q", "-b", "main");
  git(cwd, "config", "user.name", "pivot tests");
  git(cwd, "config", "user.email", "tests@pivot.invalid");
  git(cwd, "config", "commit.gpgsign", "false");
}

/** Stages everything and commits; returns the new commit id. */
export function commitAll(cwd: string, message: string): string {
  git(cwd, "add", "-A");
  git(cwd, "commit", "-q", "-m", message);
  return git(cwd, "rev-parse", "HEAD").trim();
}
