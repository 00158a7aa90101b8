import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { PIVOT_DIR, PivotError, findProjectRoot, writeFileAtomic } from "@pivot/core/internal";

/** What pivot keeps out of git inside `.pivot/`: caches and machine-local state, never lock files. */
export const PIVOT_GITIGNORE = `# Written by \`pivot init\`. Lock files (stages/) and config.yaml belong in git.
/cache/
/state.db
/state.db-*
/state.db.corrupt-*
/runs/
/tmp/
/jobs/
/config.local.yaml
/stages/*.running
/stages/.*.owner
`;

const CONFIG_TEMPLATE = `# pivot project configuration. See \`pivot config list\` and docs/configuration.md.
`;

export interface InitResult {
  pivotDir: string;
  /** Project this folder sits inside, when it is a nested pipeline folder. */
  parentProject?: string;
  reinitialised: boolean;
}

/** Creates `.pivot/` in `folder`; refuses when it exists unless `force`. */
export function initProject(folder: string, force: boolean): InitResult {
  const pivotDir = join(folder, PIVOT_DIR);
  const exists = existsSync(pivotDir);
  if (exists && !force) {
    throw new PivotError("PROJECT_EXISTS", `${pivotDir} already exists: this folder is already a pivot project`, {
      hint: "Use `pivot init --force` to rewrite .pivot/.gitignore (config, locks and cache are kept).",
    });
  }
  const enclosing = findProjectRoot(join(folder, ".."));
  mkdirSync(pivotDir, { recursive: true });
  writeFileAtomic(join(pivotDir, ".gitignore"), PIVOT_GITIGNORE);
  const configFile = join(pivotDir, "config.yaml");
  if (!existsSync(configFile)) writeFileAtomic(configFile, CONFIG_TEMPLATE);
  return { pivotDir, parentProject: enclosing, reinitialised: exists };
}
