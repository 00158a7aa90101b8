import { PIVOT_DIR, type PluginRegistry, findProjectRoot } from "@pivot/core/internal";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type DoctorCheck, failure, ok, warning } from "./doctor-check";
import { checkBun, checkConfig, checkPipelines } from "./environment-checks";
import { checkPlugins } from "./plugin-checks";
import { checkExecutors } from "./executor-checks";
import { checkRemotes } from "./remote-checks";
import { checkCache, checkLinkModes, checkStateDbs } from "./storage-checks";

/**
 * Every `pivot doctor` check, in order: Bun, project layout, config, plugins, pipelines and graph, cache
 * folder, link modes, state DBs, remotes, executors (a cluster's preflight). Checks that need a project are skipped outside one.
 */
export async function runDoctor(cwd: string, registry: PluginRegistry): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [checkBun()];
  const root = findProjectRoot(cwd);
  if (root === undefined) {
    checks.push(failure("project", `no ${PIVOT_DIR}/ folder at or above ${cwd}`, "Run `pivot init` in your project's root folder."));
    return checks;
  }
  checks.push(
    existsSync(join(root, PIVOT_DIR, ".gitignore"))
      ? ok("project", root)
      : warning("project", `${root} has no ${PIVOT_DIR}/.gitignore: the cache, state DB and run logs would end up in git`, "Run `pivot init --force` in the project root to add it (config, locks and cache are kept)."),
  );
  const { check, config } = checkConfig(root);
  checks.push(check, ...checkPlugins(registry));
  const { checks: pipelineChecks, project } = await checkPipelines(root, registry);
  checks.push(...pipelineChecks);
  try {
    if (config) {
      checks.push(checkCache(config), ...checkLinkModes(root, config));
    }
    checks.push(...checkStateDbs(root, project?.pipelines.map((p) => p.stateDir) ?? [], registry));
    if (config) checks.push(...(await checkRemotes(root, config, registry)));
    if (config && project) checks.push(...(await checkExecutors(project, config)));
  } finally {
    project?.close();
  }
  return checks;
}
