/** The result of one Slurm client command (sbatch, squeue, sacct, scancel). */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a Slurm client; a program that is not installed comes back as code 127. */
export async function runSlurm(argv: string[], options: { stdin?: string; cwd?: string } = {}): Promise<CommandResult> {
  if (!Bun.which(argv[0]!)) return { code: 127, stdout: "", stderr: `${argv[0]}: not found on PATH` };
  const proc = Bun.spawn(argv, {
    stdin: options.stdin === undefined ? "ignore" : new TextEncoder().encode(options.stdin),
    stdout: "pipe",
    stderr: "pipe",
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}

/** The first meaningful line of a client's error output, without the `sbatch: error:` prefix. */
export function firstErrorLine(result: CommandResult): string {
  const line = (result.stderr || result.stdout).split("\n").map((l) => l.trim()).find((l) => l !== "") ?? `exit code ${result.code}`;
  return line.replace(/^\w+: error: /, "");
}
