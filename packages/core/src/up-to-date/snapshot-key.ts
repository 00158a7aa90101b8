import { join } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { PIVOT_DIR } from "../project/project-root";
import type { DiscoveryPlugin } from "../plugin/discovery-plugin";
import { globalConfigPath, projectConfigPath } from "../project/config";

/** Bumped whenever the snapshot file layout or what it records changes. */
const SNAPSHOT_FORMAT = 3;

/** The invocation a snapshot answers for: same key, same question. */
export interface SnapshotInvocation {
  projectRoot: string;
  cwd: string;
  command: "repro" | "status";
  targets: readonly string[];
  /** `--all`: every pipeline of the project. */
  all: boolean;
  /** The discovery plugins in use (their file names and cache versions are part of the key). */
  discovery: readonly DiscoveryPlugin[];
}

/**
 * Everything outside the recorded files that could change the answer: pivot's version, the
 * command and targets, the folder it runs in, the discovery plugins, where config files are
 * looked for, and every PIVOT_* environment variable.
 */
export function snapshotKey(invocation: SnapshotInvocation): string {
  const env = Object.entries(process.env)
    .filter(([name]) => name.startsWith("PIVOT_"))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify({
    format: SNAPSHOT_FORMAT,
    pivot: pkg.version,
    command: invocation.command,
    cwd: invocation.cwd,
    targets: invocation.targets,
    all: invocation.all,
    discovery: invocation.discovery.map((d) => [d.name, d.cacheVersion ?? null, d.configFiles]),
    config: [globalConfigPath(), projectConfigPath(invocation.projectRoot)],
    env,
  });
}

/** `<root>/.pivot/tmp/up-to-date/<hash of key>.jsonl` (tmp/ is git-ignored and safe to delete). */
export function snapshotPath(projectRoot: string, key: string): string {
  return join(projectRoot, PIVOT_DIR, "tmp", "up-to-date", `${Bun.hash(key).toString(36)}.jsonl`);
}
