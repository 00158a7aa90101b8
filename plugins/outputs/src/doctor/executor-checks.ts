import { type PivotConfig, type Project, type StageResources, executorNameOf, mergeResources } from "@pivot/core/internal";
import type { DoctorCheck } from "./doctor-check";

/**
 * Each non-local executor the project's stages would use runs its preflight (for slurm: sbatch on
 * PATH, partitions/accounts accepted, a probe job sees the project root).
 */
export async function checkExecutors(project: Project, config: PivotConfig): Promise<DoctorCheck[]> {
  const byExecutor = new Map<string, { kind: string; resources: StageResources[] }>();
  for (const stage of project.stages) {
    const name = executorNameOf(stage, project);
    if (name === "local") continue;
    const entry = byExecutor.get(name) ?? { kind: stage.body.kind, resources: [] };
    entry.resources.push(mergeResources(config.resources, stage.resources));
    byExecutor.set(name, entry);
  }
  const checks: DoctorCheck[] = [];
  for (const [name, { kind, resources }] of byExecutor) {
    const executor = project.registry.executor(kind, name);
    if (!executor) {
      checks.push({ name: `executor ${name}`, status: "error", message: `no executor named '${name}' is loaded`, fix: `Known executors: ${project.registry.executorNames().join(", ")}.` });
      continue;
    }
    if (!executor.preflight) continue;
    try {
      checks.push(...(await executor.preflight({ projectRoot: project.root, settings: config.executorSettings[name] ?? {}, resources })));
    } catch (error) {
      checks.push({ name: `executor ${name}`, status: "error", message: `preflight failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return checks;
}
