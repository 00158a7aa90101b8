import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { ExecutorCheck, PreflightContext, StageResources } from "@pivot/core/plugin";
import { resourceFlags } from "./sbatch-args";
import { firstErrorLine, runSlurm } from "./slurm-command";

const PROBE_TIMEOUT_MS = 60_000;

function describe(resources: StageResources): string {
  const parts = [resources.partition ? `partition ${resources.partition}` : "default partition", ...(resources.account ? [`account ${resources.account}`] : []), ...(resources.qos ? [`qos ${resources.qos}`] : [])];
  return parts.join(", ");
}

/**
 * `pivot doctor` for the slurm executor: sbatch is on PATH; each distinct partition/account/qos
 * the stages ask for is accepted (`sbatch --test-only`, which queues nothing); and a probe job
 * started in the project root sees the project (the shared-filesystem assumption).
 */
export async function slurmPreflight(ctx: PreflightContext): Promise<ExecutorCheck[]> {
  if (!Bun.which("sbatch")) {
    return [{ name: "slurm", status: "error", message: "sbatch not found on PATH", fix: "Install Slurm's client tools (Debian: apt-get install slurm-client), run pivot on a login node, or set executor: local." }];
  }
  const checks: ExecutorCheck[] = [{ name: "slurm", status: "ok", message: `sbatch at ${Bun.which("sbatch")}` }];
  const seen = new Set<string>();
  const targets = ctx.resources.length > 0 ? ctx.resources : [{}];
  for (const resources of targets) {
    const selection: StageResources = { ...(resources.partition ? { partition: resources.partition } : {}), ...(resources.account ? { account: resources.account } : {}), ...(resources.qos ? { qos: resources.qos } : {}) };
    const key = JSON.stringify(selection);
    if (seen.has(key)) continue;
    seen.add(key);
    const test = await runSlurm(["sbatch", "--test-only", ...resourceFlags(selection)], { stdin: "#!/bin/sh\ntrue\n", cwd: ctx.projectRoot });
    checks.push(
      test.code === 0
        ? { name: "slurm resources", status: "ok", message: `${describe(selection)} accepted` }
        : { name: "slurm resources", status: "error", message: `${describe(selection)} refused: ${firstErrorLine(test)}`, fix: "Fix resources.partition/account/qos in pivot.yaml or .pivot/config.yaml (`sinfo -s` lists partitions, `sacctmgr show assoc user=$USER` accounts)." },
    );
  }
  checks.push(await probeJob(ctx.projectRoot, targets[0] ?? {}));
  return checks;
}

/** Runs one tiny job in the project root and checks it saw the marker file pivot wrote there. */
async function probeJob(projectRoot: string, resources: StageResources): Promise<ExecutorCheck> {
  const dir = mkdtempSync(join(projectRoot, ".pivot", "probe-"));
  const marker = join(dir, "marker");
  const answer = join(dir, "answer");
  await Bun.write(marker, "pivot\n");
  try {
    const script = `#!/bin/sh\nif [ -f '${marker}' ]; then echo seen > '${answer}.tmp'; else echo missing > '${answer}.tmp'; fi; mv '${answer}.tmp' '${answer}'\n`;
    const flags = resourceFlags({ ...(resources.partition ? { partition: resources.partition } : {}), ...(resources.account ? { account: resources.account } : {}), ...(resources.qos ? { qos: resources.qos } : {}) });
    const submitted = await runSlurm(["sbatch", "--parsable", "--job-name=pivot.doctor", `--chdir=${projectRoot}`, "--output=/dev/null", "--time=1", ...flags], { stdin: script, cwd: projectRoot });
    if (submitted.code !== 0) return { name: "slurm probe job", status: "error", message: `sbatch refused the probe job: ${firstErrorLine(submitted)}` };
    const id = submitted.stdout.trim().split(";")[0]!;
    const deadline = Date.now() + PROBE_TIMEOUT_MS;
    while (!existsSync(answer) && Date.now() < deadline) await Bun.sleep(100);
    if (!existsSync(answer)) {
      await runSlurm(["scancel", id]);
      return { name: "slurm probe job", status: "error", message: `probe job ${id} did not report back within ${PROBE_TIMEOUT_MS / 1000} s`, fix: "Check `squeue -j " + id + "` (queued behind other jobs?) and that the nodes mount " + projectRoot + "." };
    }
    const seen = readFileSync(answer, "utf8").trim() === "seen";
    return seen
      ? { name: "slurm probe job", status: "ok", message: `job ${id} ran in ${projectRoot} and saw the project` }
      : { name: "slurm probe job", status: "error", message: `job ${id} ran but did not see ${projectRoot}`, fix: "Jobs must see the project at the same path: put it on a filesystem the nodes share." };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
