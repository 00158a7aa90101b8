/** Where one job keeps its files: the exit-code file it writes and its two log files. */
export interface JobFiles {
  exitFile: string;
  stdoutFile: string;
  stderrFile: string;
}

function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * The batch script for a stage: runs each command as `sh -c` would (one after another, stopping
 * at the first failure) in the stage's folder, then writes the exit code to a temp file and
 * renames it into place, so pivot never reads a half-written code. It goes to sbatch on stdin, so
 * commands need no quoting for the command line and have no length limit.
 */
export function jobScript(input: { commands: readonly string[]; cwd: string; projectRoot: string; stageId: string; files: JobFiles }): string {
  const exitFile = quote(input.files.exitFile);
  const tmpFile = quote(`${input.files.exitFile}.tmp`);
  const lines = [
    "#!/bin/sh",
    "# written by pivot: one stage as one job",
    `PIVOT_STAGE=${quote(input.stageId)}; export PIVOT_STAGE`,
    `PIVOT_PROJECT_ROOT=${quote(input.projectRoot)}; export PIVOT_PROJECT_ROOT`,
    `pivot_done() { printf '%s\\n' "$1" > ${tmpFile} && mv -f ${tmpFile} ${exitFile}; exit "$1"; }`,
    `trap 'pivot_done 143' TERM`,
    `cd ${quote(input.cwd)} || pivot_done 1`,
  ];
  for (const command of input.commands) {
    lines.push(`sh -c ${quote(command)}`, `code=$?; [ "$code" -eq 0 ] || pivot_done "$code"`);
  }
  lines.push("pivot_done 0", "");
  return lines.join("\n");
}
