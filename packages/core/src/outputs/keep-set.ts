import { readManifestObject } from "../cache/manifest-object";
import { PivotError, errorMessage } from "../errors/pivot-error";
import type { DirManifest } from "../hash/dir-manifest";
import { isDirHash } from "../hash/hash-format";
import type { Project } from "../project/open-project";
import { describeNotRecorded, describeSource, stageItems, trackedItems } from "./cache-items";
import { listSome } from "./manifest-diff";
import { type RevisionSelection, revisionReferences } from "./revision-references";

/** An object something still references, and whether gc must be able to read its manifest. */
export interface KeepRoot {
  hash: string;
  /** `data/out (stage 'train')`, `model.bin (lock file … at 1a2b3c4)`: for messages. */
  source: string;
  /**
   * Workspace references are strict: a folder whose manifest cannot be read stops gc. Other
   * revisions' and run-cache references are lenient: such a folder keeps only its manifest hash.
   */
  strict: boolean;
}

export interface KeepRoots {
  roots: KeepRoot[];
  /** Commits whose lock and tracking files were read. */
  commits: string[];
  /** Revision lock or tracking files that could not be read (they keep nothing). */
  unreadable: string[];
}

/**
 * What gc keeps before manifests are opened: the lock files of the loaded stages and the tracking
 * files of the workspace (always), plus every lock and tracking file at the selected revisions.
 * Refuses when a workspace lock or tracking file cannot be read: gc could not know what it needs.
 */
export function keepRoots(project: Project, revisions?: RevisionSelection): KeepRoots {
  const fromStages = stageItems(project.stages, { allRecorded: true });
  const tracked = trackedItems(project);
  const unreadable = [
    ...fromStages.notRecorded.filter((n) => n.why === "corrupt-lock").map(describeNotRecorded),
    ...tracked.invalid.map((f) => `${f.trackingFile}: ${"problem" in f ? f.problem : "unreadable"}`),
  ];
  if (unreadable.length > 0) {
    throw new PivotError("LOCK_INVALID", `Not collecting garbage: cannot read ${listSome([...new Set(unreadable)], 5)}`, {
      hint: "Fix or delete the unreadable lock or tracking files first (a stage re-run rewrites its lock file).",
    });
  }
  const roots: KeepRoot[] = [...fromStages.items, ...tracked.items].map((item) => ({
    hash: item.hash,
    source: `${item.path} (${describeSource(item)})`,
    strict: true,
  }));
  const history = revisionReferences(project.root, revisions ?? { revs: [] });
  for (const ref of history.references) roots.push({ hash: ref.hash, source: `${ref.path} (${ref.source})`, strict: false });
  return { roots, commits: history.commits, unreadable: history.unreadable };
}

/** Reads a folder's manifest from wherever gc looks (the cache, or the remote too); undefined when it is nowhere. */
export type ManifestSource = (hash: string, purpose: string) => Promise<DirManifest | undefined>;

/** The local cache as a manifest source; a missing manifest is undefined, a damaged one throws. */
export function cacheManifests(cacheDir: string): ManifestSource {
  return async (hash, purpose) => {
    try {
      return await readManifestObject(cacheDir, hash, { purpose });
    } catch (error) {
      if (error instanceof PivotError && error.code === "CACHE_MISSING") return undefined;
      throw error;
    }
  };
}

export interface KeepSet {
  hashes: Set<string>;
  /** Lenient folders whose manifest could not be read: only the manifest hash itself is kept. */
  unknownFolders: number;
}

/**
 * Every object the roots need: their own hash and, for folders, the files their manifest lists
 * (each manifest read once). A strict root whose manifest is missing or damaged stops gc.
 */
export async function expandKeepSet(roots: readonly KeepRoot[], manifests: ManifestSource): Promise<KeepSet> {
  const hashes = new Set<string>();
  const opened = new Set<string>();
  const unknown = new Set<string>();
  const problems: string[] = [];
  for (const root of roots) {
    hashes.add(root.hash);
    if (!isDirHash(root.hash) || opened.has(root.hash)) continue;
    if (unknown.has(root.hash) && !root.strict) continue;
    let manifest: DirManifest | undefined;
    let problem = "its manifest is in no store gc can read";
    try {
      manifest = await manifests(root.hash, `for ${root.source}`);
    } catch (error) {
      problem = errorMessage(error);
    }
    if (manifest) {
      opened.add(root.hash);
      unknown.delete(root.hash);
      for (const entry of manifest.entries) hashes.add(entry.hash);
    } else if (root.strict) problems.push(`${root.source}: ${problem}`);
    else unknown.add(root.hash);
  }
  if (problems.length > 0) {
    throw new PivotError("CACHE_MISSING", `Not collecting garbage: cannot tell which files these folders need: ${listSome(problems, 5)}`, {
      hint: "Their manifest objects are missing or damaged. Fetch them (`pivot pull`) or re-run their stages, then run `pivot gc` again.",
    });
  }
  return { hashes, unknownFolders: unknown.size };
}
