import { explainFileSystemError } from "../errors/fs-failure";
import { hasObject } from "../cache/cache-add";
import { join } from "node:path";
import { linkFromCache } from "../cache/cache-link";
import { dropCorruptObjects } from "../cache/drop-corrupt";
import { readManifestObject } from "../cache/manifest-object";
import { linkModesFor } from "../cache/output-link-modes";
import { PathHasher } from "../engine/path-hasher";
import { PivotError, errorMessage } from "../errors/pivot-error";
import type { DirManifest } from "../hash/dir-manifest";
import { isDirHash } from "../hash/hash-format";
import { acquireRunSentinel } from "../lock/run-sentinel";
import { fromProjectPath } from "../model/paths";
import type { StateStore } from "../plugin/state-backend";
import type { Project } from "../project/open-project";
import { trackedStore } from "../track/tracked-status";
import { type CacheItem, describeSource } from "./cache-items";
import { diffManifests, listSome } from "./manifest-diff";
import { resolveDataTargets } from "./resolve-targets";

export interface DataCheckoutOptions {
  targets: readonly string[];
  /** Folder the targets are relative to. */
  cwd: string;
  /** Replace modified files and folders. */
  force?: boolean;
  /** Only place what is missing; leave every existing file as it is. */
  onlyMissing?: boolean;
  /** Re-place unchanged data too, with the current `cache.link` modes (after changing them). */
  relink?: boolean;
}

export type DataCheckoutOutcome = "restored" | "relinked" | "up-to-date" | "skipped" | "modified" | "missing-object" | "corrupt-object" | "failed";

/** Outcomes that make the command exit non-zero. */
export const CHECKOUT_PROBLEMS: ReadonlySet<DataCheckoutOutcome> = new Set(["modified", "missing-object", "corrupt-object", "failed"]);

export interface DataCheckoutEntry {
  path: string;
  /** "stage 'train'" or the tracking file. */
  source: string;
  outcome: DataCheckoutOutcome;
  detail?: string;
}

export interface DataCheckoutReport {
  entries: DataCheckoutEntry[];
  notes: string[];
}

interface ItemContext {
  project: Project;
  hasher: PathHasher;
  store: StateStore;
  options: DataCheckoutOptions;
}

function failureOutcome(caught: unknown): { outcome: DataCheckoutOutcome; detail: string } {
  const error = explainFileSystemError(caught);
  const code = error instanceof PivotError ? error.code : undefined;
  const outcome = code === "CACHE_MISSING" ? "missing-object" : code === "CACHE_CORRUPT" ? "corrupt-object" : "failed";
  return { outcome, detail: errorMessage(error) };
}

/** Places the whole item from the cache (verified first: a corrupt object is never linked). */
async function place(item: CacheItem, ctx: ItemContext): Promise<void> {
  const { cacheDir, linkModes } = ctx.project.config;
  await linkFromCache(cacheDir, item.hash, fromProjectPath(ctx.project.root, item.path), { modes: linkModesFor(item, linkModes), verify: true });
  await ctx.hasher.rememberPlaced(item.path, item.hash, cacheDir, ctx.store);
}

/** Places only the files of a directory item that are missing from the workspace. */
async function placeMissingFiles(item: CacheItem, cached: DirManifest, missing: readonly string[], ctx: ItemContext): Promise<void> {
  const { cacheDir, linkModes } = ctx.project.config;
  const byPath = new Map(cached.entries.map((e) => [e.path, e]));
  const root = fromProjectPath(ctx.project.root, item.path);
  for (const path of missing) {
    const entry = byPath.get(path)!;
    await linkFromCache(cacheDir, entry.hash, join(root, ...path.split("/")), { modes: linkModesFor(item, linkModes), verify: true, exec: entry.exec });
  }
}

/** A directory that differs: restorable as a whole when only files are missing, else a conflict. */
async function checkoutChangedDir(item: CacheItem, current: DirManifest, ctx: ItemContext): Promise<Omit<DataCheckoutEntry, "path" | "source">> {
  const cached = await readManifestObject(ctx.project.config.cacheDir, item.hash, { verify: true, purpose: `for ${item.path}` });
  const diff = diffManifests(current, cached);
  if (diff.modified.length === 0 && diff.extra.length === 0) {
    await place(item, ctx);
    return { outcome: "restored", detail: `${diff.missing.length} missing ${diff.missing.length === 1 ? "file" : "files"}` };
  }
  if (ctx.options.onlyMissing) {
    if (diff.missing.length === 0) return { outcome: "skipped", detail: "exists (changed files left alone)" };
    await placeMissingFiles(item, cached, diff.missing, ctx);
    return { outcome: "restored", detail: `${diff.missing.length} missing ${diff.missing.length === 1 ? "file" : "files"}; changed files left alone` };
  }
  const changed = [...diff.modified.map((p) => `${p} (modified)`), ...diff.extra.map((p) => `${p} (not in the cache)`)];
  return { outcome: "modified", detail: `differs from the cache: ${listSome(changed)}` };
}

async function checkoutItem(item: CacheItem, ctx: ItemContext): Promise<Omit<DataCheckoutEntry, "path" | "source">> {
  const { force, onlyMissing, relink } = ctx.options;
  const current = await ctx.hasher.hash(item.path, ctx.store);
  if (!current) {
    await place(item, ctx);
    return { outcome: "restored" };
  }
  if (current.hash === item.hash) {
    if (!relink) return { outcome: "up-to-date" };
    await place(item, ctx);
    return { outcome: "relinked" };
  }
  if (force) {
    await place(item, ctx);
    return { outcome: "restored", detail: "replaced the modified copy" };
  }
  // Another cached version (after a branch switch, say): replacing it loses nothing. A folder's
  // manifest in the cache implies every file it lists is there too.
  if (!onlyMissing && hasObject(ctx.project.config.cacheDir, current.hash)) {
    await place(item, ctx);
    return { outcome: "restored", detail: "replaced another cached version" };
  }
  if (isDirHash(item.hash) && current.manifest) return checkoutChangedDir(item, current.manifest, ctx);
  if (onlyMissing) return { outcome: "skipped", detail: "exists" };
  return { outcome: "modified", detail: "differs from the cache" };
}

/** Runs one item under its stage's run marker, so a concurrent `repro` of that stage and a checkout never mix. */
async function guarded(item: CacheItem, ctx: ItemContext): Promise<DataCheckoutEntry> {
  const base = { path: item.path, source: describeSource(item) };
  let release: (() => void) | undefined;
  try {
    if (item.source.kind === "stage") release = acquireRunSentinel(item.source.stage);
    return { ...base, ...(await checkoutItem(item, ctx)) };
  } catch (error) {
    const failure = failureOutcome(error);
    if (failure.outcome === "corrupt-object") {
      const dropped = await dropCorruptObjects(ctx.project.config.cacheDir, item.hash);
      if (dropped.length > 0) failure.detail += ` (removed from the cache: ${listSome(dropped)})`;
    }
    return { ...base, ...failure };
  } finally {
    release?.();
  }
}

/**
 * `pivot checkout`: places recorded outputs and tracked data from the cache with the configured
 * link modes. Missing data is restored; data matching the cache is left alone (or re-placed with
 * `relink`); modified data is reported and left alone unless `force`. A directory missing only
 * some files is completed. Objects are re-hashed before use, so a corrupt object is never linked.
 */
export async function checkoutData(project: Project, options: DataCheckoutOptions): Promise<DataCheckoutReport> {
  if (options.force && options.onlyMissing) {
    throw new PivotError("USAGE", "--force and --only-missing contradict each other", { hint: "Use one: --force replaces modified data, --only-missing never touches existing files.", exitCode: 2 });
  }
  if (options.relink && options.onlyMissing) {
    throw new PivotError("USAGE", "--relink and --only-missing contradict each other", { hint: "--relink re-places existing data; --only-missing leaves it alone.", exitCode: 2 });
  }
  const { items, notes } = resolveDataTargets(project, options.targets, options.cwd);
  const hasher = new PathHasher(project.root);
  const entries: DataCheckoutEntry[] = [];
  for (const item of [...items].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const store = item.source.kind === "stage" ? project.state.forStage(item.source.stage) : trackedStore(project);
    entries.push(await guarded(item, { project, hasher, store, options }));
  }
  hasher.flush();
  return { entries, notes };
}
