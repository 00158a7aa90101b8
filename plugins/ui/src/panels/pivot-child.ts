import { PivotError } from "@pivot/core/internal";

export interface ChildResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The command line that starts this same pivot (`bun …/bin/pivot.ts`, or a compiled binary). */
export function pivotCommand(): string[] {
  const entry = process.argv[1];
  return entry && /\.(ts|js|mjs)$/.test(entry) ? [process.execPath, entry] : [process.execPath];
}

/** A git revision as given on the page: refused unless it looks like one (and never like an option). */
export function checkRevision(rev: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._/~^@{}-]{0,199}$/.test(rev)) {
    throw new PivotError("USAGE", `'${rev}' is not a git revision`, { hint: "Give a commit, branch or tag, e.g. HEAD~1 or main.", exitCode: 2 });
  }
  return rev;
}

/** Runs `pivot <args>` in `cwd` and collects its output. */
export async function runPivotChild(args: string[], cwd: string): Promise<ChildResult> {
  const proc = Bun.spawn([...pivotCommand(), ...args], { cwd, env: { ...process.env, NO_COLOR: "1" }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { exitCode, stdout, stderr };
}
