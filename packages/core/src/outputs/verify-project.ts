import { type VerifyResult, verifyObject } from "../cache/cache-verify";
import { hasObject } from "../cache/cache-add";
import type { DataAvailability } from "../remote/data-availability";
import { dropCorruptObjects } from "../cache/drop-corrupt";
import { PathHasher } from "../engine/path-hasher";
import { predictStages } from "../engine/predict";
import { formatReason } from "../engine/reasons";
import { readLock } from "../lock/lock-file";
import type { Project } from "../project/open-project";
import { trackedStatus } from "../track/tracked-status";

export interface VerifiedItem {
  /** Stage id, or the tracked path. */
  name: string;
  kind: "stage" | "tracked";
  ok: boolean;
  /** What fails the gate. */
  problems: string[];
  /** Worth knowing, not failures (e.g. outputs not checked out but safe in the cache). */
  notes: string[];
}

export interface VerifyReport {
  passed: boolean;
  items: VerifiedItem[];
}

export interface VerifyProjectOptions {
  /** Stage names or globs (with their upstream); none: every stage plus every tracked path. */
  targets: readonly string[];
  /** `--allow-missing`: data absent from the workspace and the cache passes when the remote holds it. */
  missingData?: DataAvailability;
}

/** Re-hashes each object once per command. */
class ObjectChecker {
  readonly #seen = new Map<string, Promise<VerifyResult>>();
  readonly #dropped = new Set<string>();
  constructor(readonly cacheDir: string) {}

  /** A problem sentence for `path`'s object, or undefined when it is present and intact. */
  async problemOf(path: string, hash: string): Promise<string | undefined> {
    let result = this.#seen.get(hash);
    if (!result) {
      result = verifyObject(this.cacheDir, hash, { deep: true });
      this.#seen.set(hash, result);
    }
    const verdict = await result;
    if (verdict.ok) return undefined;
    const dropped = verdict.problem === "corrupt" && !this.#dropped.has(hash) ? await dropCorruptObjects(this.cacheDir, hash) : [];
    if (dropped.length > 0) this.#dropped.add(hash);
    const removed = dropped.length > 0 || this.#dropped.has(hash) ? "; the damaged object was removed from the cache" : "";
    return `${path}: cache object ${hash} is ${verdict.problem} (${verdict.detail})${removed}`;
  }
}

/**
 * `pivot verify`, the CI gate: every selected stage (and its upstream) is up to date, and every
 * cached output its lock records — and every tracked path, when no stage is named — is present in
 * the cache and intact (re-hashed, never trusted). A corrupt object is removed from the cache (it
 * can never be used, and it would stop `pull` from fetching a good copy).
 */
export async function verifyProject(project: Project, options: VerifyProjectOptions): Promise<VerifyReport> {
  const checker = new ObjectChecker(project.config.cacheDir);
  const { missingData } = options;
  const onRemoteOnly = (hash: string) => missingData !== undefined && !hasObject(project.config.cacheDir, hash) && missingData.has(hash);
  const remoteNote = (path: string) => `${path}: not in the local cache, on ${missingData!.remoteName}`;
  const items: VerifiedItem[] = [];
  const { predictions } = await predictStages(project, { targets: options.targets, upstream: true, rememberHashes: true, ...(missingData ? { missingData } : {}) });
  for (const prediction of predictions) {
    const item: VerifiedItem = { name: prediction.id, kind: "stage", ok: true, problems: [], notes: [] };
    items.push(item);
    if (prediction.error) item.problems.push(prediction.error);
    else if (prediction.willRun) item.problems.push(...prediction.reasons.map((r) => `stale: ${formatReason(r)}`));
    if (item.problems.length > 0) continue;
    if (prediction.restore.length > 0) item.notes.push(`not in the workspace, restorable from the cache: ${prediction.restore.join(", ")}`);
    const read = readLock(project.graph().stage(prediction.id));
    if (read.kind !== "ok") continue;
    for (const out of read.lock.outs.filter((o) => o.cache)) {
      if (onRemoteOnly(out.hash)) {
        item.notes.push(remoteNote(out.path));
        continue;
      }
      const problem = await checker.problemOf(out.path, out.hash);
      if (problem) item.problems.push(problem);
    }
  }
  if (options.targets.length === 0) {
    const hasher = new PathHasher(project.root);
    for (const tracked of await trackedStatus(project, hasher)) {
      const item: VerifiedItem = { name: tracked.path, kind: "tracked", ok: true, problems: [], notes: [] };
      items.push(item);
      if (tracked.state === "invalid") item.problems.push(`${tracked.trackingFile}: ${tracked.problem}`);
      if (tracked.state === "modified") item.problems.push(`modified since it was tracked (record it with \`pivot track ${tracked.path}\`)`);
      if (tracked.hash && onRemoteOnly(tracked.hash)) {
        item.notes.push(remoteNote(tracked.path));
        continue;
      }
      const problem = tracked.hash ? await checker.problemOf(tracked.path, tracked.hash) : undefined;
      if (problem) item.problems.push(problem);
      else if (tracked.state === "missing") item.notes.push("not in the workspace, restorable from the cache");
    }
    hasher.flush();
  }
  for (const item of items) item.ok = item.problems.length === 0;
  return { passed: items.every((i) => i.ok), items };
}
