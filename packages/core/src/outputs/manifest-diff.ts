import type { DirManifest } from "../hash/dir-manifest";

export interface ManifestDiff {
  /** In the cached manifest, absent from the workspace. */
  missing: string[];
  /** In both, with different content or exec bit. */
  modified: string[];
  /** In the workspace only. */
  extra: string[];
}

/** How the workspace folder (`current`) differs from the recorded one (`cached`), by relative path. */
export function diffManifests(current: DirManifest, cached: DirManifest): ManifestDiff {
  const now = new Map(current.entries.map((e) => [e.path, e]));
  const recorded = new Set(cached.entries.map((e) => e.path));
  const diff: ManifestDiff = { missing: [], modified: [], extra: [] };
  for (const entry of cached.entries) {
    const mine = now.get(entry.path);
    if (!mine) diff.missing.push(entry.path);
    else if (mine.hash !== entry.hash || mine.exec !== entry.exec) diff.modified.push(entry.path);
  }
  for (const entry of current.entries) if (!recorded.has(entry.path)) diff.extra.push(entry.path);
  return diff;
}

/** "a, b, c and 4 more". */
export function listSome(items: readonly string[], max = 3): string {
  const named = items.slice(0, max).join(", ");
  return items.length > max ? `${named} and ${items.length - max} more` : named;
}
