import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { type ExecuteOptions, type ExecuteResult, type ExecutorPlugin, type Stage, fromProjectPath } from "@pivot/core/plugin";
import { type JobEnd, JobTracker } from "./job-tracker";
import { type JobFiles, jobScript } from "./job-script";
import { LogTail } from "./log-tail";
import { jobNameOf, resourceFlags } from "./sbatch-args";
import { firstErrorLine, runSlurm } from "./slurm-command";
import { slurmPreflight } from "./slurm-preflight";
import { type SlurmSettings, slurmSettings } from "./slurm-settings";

/** Where a stage's job keeps its files: `<stateDir>/jobs/<run>/<stage>.{exit,out,err}` (kept for failed jobs). */
function jobFilesOf(stage: Stage, runId: string): { dir: string; files: JobFiles } {
  const dir = join(stage.pipeline.stateDir, "jobs", runId);
  const base = join(dir, stage.lockName.replaceAll("/", "_"));
  return { dir, files: { exitFile: `${base}.exit`, stdoutFile: `${base}.out`, stderrFile: `${base}.err` } };
}

/** Why a job that did not complete cleanly failed, in one line naming the job. */
function endReason(id: string, end: JobEnd, stage: Stage, resources: ExecuteOptions["resources"]): string {
  const job = `Slurm job ${id}`;
  switch (end.state) {
    case "COMPLETED":
    case "FAILED":
      return end.exitCode !== undefined ? `${job} failed: command exited with code ${end.exitCode}` : `${job} FAILED (it wrote no exit code: killed before its script ended?)`;
    case "TIMEOUT":
      return `${job} TIMEOUT: ran past its time limit${resources.time ? ` (resources.time ${resources.time})` : ""}`;
    case "OUT_OF_MEMORY":
      return `${job} OUT_OF_MEMORY: used more memory than it asked for${resources.mem ? ` (resources.mem ${resources.mem})` : ""}`;
    case "NODE_FAIL":
      return `${job} NODE_FAIL: the node running it failed`;
    case "CANCELLED":
      return `${job} CANCELLED (by scancel or an administrator)`;
    case "LOST":
      return `${job} was lost: neither squeue nor sacct knows it and it wrote no exit code (stage '${stage.id}')`;
    default:
      return `${job} ended ${end.state}`;
  }
}

/** Waits (bounded) until every declared output exists: a job on another node may write them late to a network filesystem. */
async function waitForOutputs(stage: Stage, projectRoot: string, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  const missing = () => stage.outs.filter((o) => !existsSync(fromProjectPath(projectRoot, o.path)));
  while (missing().length > 0 && Date.now() < deadline) await Bun.sleep(50);
}

/**
 * Runs `cmd` stages as Slurm batch jobs: one `sbatch --parsable` per stage with the job script on
 * stdin, working directory the project root (a filesystem the nodes share), followed by the
 * batched JobTracker. pivot records outputs only after this resolves.
 */
export function createSlurmExecutor(): ExecutorPlugin {
  let tracker: JobTracker | undefined;
  let settings: SlurmSettings | undefined;
  const cancelledByUs = new Set<string>();
  /** Set by cancelAll: a job whose sbatch was under way at that moment is cancelled as it appears. */
  let stopping = false;
  const trackerFor = (raw: Record<string, unknown>) => {
    settings ??= slurmSettings(raw);
    tracker ??= new JobTracker(settings);
    return { tracker, settings };
  };

  return {
    kind: "cmd",
    name: "slurm",
    async execute(stage, options): Promise<ExecuteResult> {
      if (stage.body.kind !== "cmd") return { ok: false, error: "the slurm executor runs cmd stages only" };
      const { tracker, settings } = trackerFor(options.settings);
      if (options.signal.aborted) return { ok: false, cancelled: true, error: "interrupted" };
      const { dir, files } = jobFilesOf(stage, options.runId);
      mkdirSync(dir, { recursive: true });
      for (const file of Object.values(files)) rmSync(file, { force: true });
      const script = jobScript({ commands: stage.body.cmd, cwd: fromProjectPath(options.projectRoot, stage.wdir), projectRoot: options.projectRoot, stageId: stage.id, files });
      const argv = [
        "sbatch",
        "--parsable",
        `--job-name=${jobNameOf(options.runId, stage.id)}`,
        `--chdir=${options.projectRoot}`,
        `--output=${files.stdoutFile}`,
        `--error=${files.stderrFile}`,
        "--export=ALL",
        ...resourceFlags(options.resources),
      ];
      const submitted = await runSlurm(argv, { stdin: script, cwd: options.projectRoot });
      if (submitted.code === 127) {
        return { ok: false, error: "sbatch not found: Slurm's client tools are not on PATH", detail: "Install Slurm's clients (Debian: apt-get install slurm-client), run pivot on a login node, or set executor: local." };
      }
      if (submitted.code !== 0) {
        return {
          ok: false,
          error: `sbatch refused the job: ${firstErrorLine(submitted)}`,
          detail: `Check resources (partition, account, qos, time, mem) of stage '${stage.id}' in ${stage.source.file} and resources.* in .pivot/config.yaml; \`pivot doctor\` tests them.`,
        };
      }
      const id = submitted.stdout.trim().split(";")[0]!;
      if (stopping || options.signal.aborted) {
        cancelledByUs.add(id);
        void tracker.cancel([id]);
      }
      const tails = [new LogTail(files.stdoutFile), new LogTail(files.stderrFile)] as const;
      const flush = (final: boolean) => {
        for (const text of tails[0].read(final)) options.onOutput({ stream: "stdout", text });
        for (const text of tails[1].read(final)) options.onOutput({ stream: "stderr", text });
      };
      const onAbort = () => {
        cancelledByUs.add(id);
        void tracker.cancel([id]);
      };
      options.signal.addEventListener("abort", onAbort, { once: true });
      let end: JobEnd;
      try {
        end = await tracker.watch(id, files.exitFile, () => flush(false));
      } finally {
        options.signal.removeEventListener("abort", onAbort);
      }
      flush(true);
      const logs = `Log: ${relative(options.projectRoot, files.stdoutFile)} (stderr: ${relative(options.projectRoot, files.stderrFile)})`;
      if (end.state === "COMPLETED" && end.exitCode === 0) {
        await waitForOutputs(stage, options.projectRoot, settings.outputWaitMs);
        for (const file of Object.values(files)) rmSync(file, { force: true });
        return { ok: true };
      }
      const cancelled = cancelledByUs.has(id) && end.state === "CANCELLED";
      cancelledByUs.delete(id);
      if (cancelled) return { ok: false, cancelled: true, error: `Slurm job ${id} cancelled`, detail: logs };
      return { ok: false, error: endReason(id, end, stage, options.resources), detail: logs };
    },
    async cancelAll() {
      stopping = true;
      if (!tracker) return;
      const ids = tracker.inFlight();
      for (const id of ids) cancelledByUs.add(id);
      if (ids.length > 0) await tracker.cancel(ids);
    },
    preflight: (ctx) => slurmPreflight(ctx),
    async dispose() {
      stopping = false;
      cancelledByUs.clear();
    },
  };
}
