import { type PivotConfig, type PluginRegistry, type Project, errorMessage, findAllPipelineFiles, isPivotError, loadConfig, openProject } from "@pivot/core/internal";
import { type DoctorCheck, failure, ok, warning } from "./doctor-check";

/** Oldest Bun pivot runs on (Bun.YAML, the isolated linker); it is developed and tested on 1.4. */
export const MIN_BUN_VERSION = "1.3.0";

export function checkBun(version = Bun.version): DoctorCheck {
  if (!Bun.semver.satisfies(version, `>=${MIN_BUN_VERSION}`)) {
    return failure("bun", `Bun ${version} is older than ${MIN_BUN_VERSION}`, "Upgrade Bun: `bun upgrade` (pivot is tested on Bun 1.4).");
  }
  return ok("bun", `Bun ${version}`);
}

function failed(name: string, error: unknown, fallbackFix: string): DoctorCheck {
  return failure(name, errorMessage(error), isPivotError(error) && error.hint ? error.hint : fallbackFix);
}

export function checkConfig(root: string): { check: DoctorCheck; config?: PivotConfig } {
  try {
    const config = loadConfig(root);
    const remotes = Object.keys(config.remotes).length;
    return { check: ok("config", `valid (cache ${config.cacheDir}, link ${config.linkModes.join(",")}${remotes ? `, ${remotes} remote(s)` : ""})`), config };
  } catch (error) {
    return { check: failed("config", error, "Fix the config file named above, or edit it with `pivot config`.") };
  }
}

/** Loads every pipeline of the project strictly and builds the graph, as `repro --all` would. */
export async function checkPipelines(root: string, registry: PluginRegistry): Promise<{ checks: DoctorCheck[]; project?: Project }> {
  const found = findAllPipelineFiles(root, registry.discoveryPlugins());
  if (found.files.length === 0 && found.errors.length === 0) {
    return { checks: [warning("pipelines", "no pipeline file in the project", "Create a pivot.yaml (see docs/pivot-yaml.md); tracked data works without one.")] };
  }
  let project: Project;
  try {
    project = await openProject({ all: true, strict: true, cwd: root, registry });
  } catch (error) {
    return { checks: [failed("pipelines", error, "Fix the pipeline file named above; `pivot list --all` shows the same error.")] };
  }
  const checks = [ok("pipelines", `${found.files.length} pipeline file(s), ${project.stages.length} stage(s)`)];
  try {
    project.graph();
    checks.push(ok("graph", "no cycles, overlapping outputs or missing deps"));
  } catch (error) {
    checks.push(failed("graph", error, "Fix the pipeline as the message says; `pivot dag --all` shows the graph."));
  }
  return { checks, project };
}
