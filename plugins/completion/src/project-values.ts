import { CONFIG_KEYS, findProjectRoot, loadConfig } from "@pivot/core/host";
import type { ProjectValueKind } from "./complete-words";

/**
 * Stage names, remote names or config keys for completion, read from the project of the current
 * folder. Remotes and config keys are known outside a project too (global config). Stages load
 * the pipeline the way `pivot list` does, without the rest of the engine.
 */
export async function projectValues(kind: ProjectValueKind, options: { all: boolean }): Promise<string[]> {
  const root = findProjectRoot();
  switch (kind) {
    case "remotes":
      return Object.keys(loadConfig(root).remotes).sort();
    case "config-keys":
      return [...new Set([...Object.keys(CONFIG_KEYS), ...loadConfig(root).entries.map((entry) => entry.key)])].sort();
    case "stages": {
      if (!root) return [];
      const { listStageNames } = await import("@pivot/core/stage-names");
      return listStageNames(options);
    }
  }
}
