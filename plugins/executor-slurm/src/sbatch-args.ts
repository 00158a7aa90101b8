import { type StageResources, memoryMegabytes } from "@pivot/core/plugin";

/** `sbatch` flags for a stage's resources (cpus → --cpus-per-task, mem → --mem in MB, …). */
export function resourceFlags(resources: StageResources): string[] {
  const flags: string[] = [];
  if (resources.cpus !== undefined) flags.push(`--cpus-per-task=${resources.cpus}`);
  if (resources.mem !== undefined) flags.push(`--mem=${memoryMegabytes(resources.mem)}M`);
  if (resources.time !== undefined) flags.push(`--time=${resources.time}`);
  if (resources.gpus !== undefined) flags.push(`--gpus=${resources.gpus}`);
  if (resources.partition !== undefined) flags.push(`--partition=${resources.partition}`);
  if (resources.account !== undefined) flags.push(`--account=${resources.account}`);
  if (resources.qos !== undefined) flags.push(`--qos=${resources.qos}`);
  flags.push(...(resources.extra ?? []));
  return flags;
}

/** Job names tie a job to its run and stage: `pivot.<run id>.<stage>` (what squeue shows). */
export function jobNameOf(runId: string, stageId: string): string {
  return `pivot.${runId}.${stageId}`.replace(/[^A-Za-z0-9_.@:+-]/g, "_").slice(0, 200);
}
