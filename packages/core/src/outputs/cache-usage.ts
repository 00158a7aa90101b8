import { listCacheObjects } from "../cache/cache-objects";
import type { Project } from "../project/open-project";
import type { RemoteObjectInfo } from "../plugin/remote-backend";
import { openRemote } from "../remote/open-remote";
import { remoteOperationFailure } from "../remote/remote-errors";
import { stageItems, trackedItems } from "./cache-items";
import { type KeepRoot, cacheManifests, expandKeepSet } from "./keep-set";

/** Objects and bytes in one store. */
export interface Usage {
  objects: number;
  bytes: number;
}

/** One row of `pivot cache size`: what a pipeline (or tracked data) references, in each store. */
export interface UsageRow {
  /** Pipeline name, `tracked data`, or `unreferenced`. */
  name: string;
  /** Project-relative folder of the pipeline (absent for the other rows). */
  dir?: string;
  local: Usage;
  remote?: Usage;
}

export interface CacheUsageReport {
  cacheDir: string;
  remote?: { name: string; url: string };
  /** Every object in each store. */
  total: UsageRow;
  /** Per pipeline, then tracked data, then what nothing in the workspace references. An object two pipelines share counts in both. */
  rows: UsageRow[];
}

function usageOf(hashes: ReadonlySet<string>, sizes: ReadonlyMap<string, number>): Usage {
  let objects = 0;
  let bytes = 0;
  for (const hash of hashes) {
    const size = sizes.get(hash);
    if (size === undefined) continue;
    objects += 1;
    bytes += size;
  }
  return { objects, bytes };
}

/**
 * `pivot cache size`: object count and bytes of the local cache (and of a remote), split by what
 * references them in the workspace — each loaded pipeline's lock files, the tracking files — and
 * what nothing references (what `pivot gc` would consider removing, before revisions are counted).
 * Never fails on a missing manifest: such a folder counts only its manifest.
 */
export async function cacheUsage(project: Project, options: { remote?: string } = {}): Promise<CacheUsageReport> {
  const { cacheDir } = project.config;
  const manifests = cacheManifests(cacheDir);
  const groups: Array<{ name: string; dir?: string; roots: KeepRoot[] }> = project.pipelines.map((pipeline) => ({
    name: pipeline.name,
    dir: pipeline.dir,
    roots: stageItems(project.stages.filter((s) => s.pipeline.file === pipeline.file), { allRecorded: true }).items.map((item) => ({
      hash: item.hash,
      source: item.path,
      strict: false,
    })),
  }));
  groups.push({ name: "tracked data", roots: trackedItems(project).items.map((item) => ({ hash: item.hash, source: item.path, strict: false })) });
  const referenced: Array<{ name: string; dir?: string; hashes: Set<string> }> = [];
  for (const group of groups) referenced.push({ name: group.name, ...(group.dir !== undefined ? { dir: group.dir } : {}), hashes: (await expandKeepSet(group.roots, manifests)).hashes });
  const local = new Map(listCacheObjects(cacheDir).objects.map((o) => [o.hash, o.sizeBytes]));
  let remoteSizes: Map<string, number> | undefined;
  let remoteInfo: CacheUsageReport["remote"];
  if (options.remote !== undefined) {
    const opened = await openRemote(project, { remote: options.remote });
    try {
      const listed: RemoteObjectInfo[] = [];
      for await (const info of opened.remote.list()) listed.push(info);
      remoteSizes = new Map(listed.map((o) => [o.hash, o.sizeBytes ?? 0]));
      remoteInfo = { name: opened.name, url: opened.displayUrl };
    } catch (error) {
      throw remoteOperationFailure(error, opened);
    } finally {
      await opened.remote.close?.();
    }
  }
  const everything = new Set([...local.keys(), ...(remoteSizes?.keys() ?? [])]);
  const anyReferenced = new Set(referenced.flatMap((r) => [...r.hashes]));
  const unreferenced = new Set([...everything].filter((h) => !anyReferenced.has(h)));
  const row = (name: string, hashes: ReadonlySet<string>, dir?: string): UsageRow => ({
    name,
    ...(dir !== undefined ? { dir } : {}),
    local: usageOf(hashes, local),
    ...(remoteSizes ? { remote: usageOf(hashes, remoteSizes) } : {}),
  });
  return {
    cacheDir,
    ...(remoteInfo ? { remote: remoteInfo } : {}),
    total: row("total", everything),
    rows: [...referenced.map((r) => row(r.name, r.hashes, r.dir)), row("unreferenced", unreferenced)],
  };
}
