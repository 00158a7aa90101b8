import { isAbsolute, resolve } from "node:path";
import { addDirectoryToCache, addFileToCache } from "../cache/cache-add";
import { linkFromCache } from "../cache/cache-link";
import { PathHasher } from "../engine/path-hasher";
import { PivotError } from "../errors/pivot-error";
import { PathTrie, pathSegments } from "../graph/path-trie";
import { statForCacheIfExists } from "../hash/file-stat";
import { fromProjectPath, isOutsideProject, toProjectPath } from "../model/paths";
import type { LinkMode } from "../project/config-schema";
import { PIVOT_DIR } from "../project/project-root";
import { type TrackedProject, loadTrackedFiles, trackedStore } from "./tracked-status";
import { TRACKING_SUFFIX, trackingFileOf, writeTrackingFile } from "./tracking-file";

export interface TrackProject extends TrackedProject {
  config: { cacheDir: string; linkModes: readonly LinkMode[] };
}

export interface TrackResult {
  path: string;
  trackingFile: string;
  hash: string;
  sizeBytes: number;
  files?: number;
  /** `tracked`: first time; `updated`: the data changed since; `unchanged`: nothing to do. */
  action: "tracked" | "updated" | "unchanged";
  /** The hash recorded before, for `updated`. */
  previous?: string;
}

function invalid(raw: string, problem: string, hint: string): PivotError {
  return new PivotError("PATH_INVALID", `Cannot track '${raw}': ${problem}`, { hint });
}

/** Turns a path as typed (relative to `cwd`) into a project path, refusing anything pivot must not track. */
export function resolveTrackPath(projectRoot: string, cwd: string, raw: string): string {
  if (raw.trim() === "") throw invalid(raw, "empty path", "Name a file or folder inside the project.");
  if (raw.includes("\0")) throw invalid(raw, "the path contains a NUL byte", "Remove the NUL byte: no file name can hold one.");
  const absolute = isAbsolute(raw) ? resolve(raw) : resolve(cwd, raw);
  const path = toProjectPath(projectRoot, absolute);
  if (isOutsideProject(path)) {
    throw invalid(raw, `it is ${absolute}, outside the project ${projectRoot}`, "Only data inside the project can be tracked; copy it in first.");
  }
  if (path === ".") throw invalid(raw, "that is the project root itself", "Track a file or folder inside the project.");
  if (pathSegments(path).includes(PIVOT_DIR)) throw invalid(raw, `it is inside pivot's own ${PIVOT_DIR}/ folder`, "Track your data, not pivot's state.");
  if (path.endsWith(TRACKING_SUFFIX)) {
    throw invalid(raw, "it is a tracking file", `Track the data itself: \`pivot track ${raw.slice(0, -TRACKING_SUFFIX.length)}\`.`);
  }
  const stat = statForCacheIfExists(absolute);
  if (!stat) throw invalid(raw, "no such file or folder", "Check the path (it is taken relative to the current folder).");
  if (!stat.isFile && !stat.isDir) throw invalid(raw, "it is neither a regular file nor a folder", "pivot tracks regular files and folders only.");
  return path;
}

/** Refuses paths a stage produces, and paths overlapping another tracked path. */
function checkOverlaps(project: TrackProject, paths: readonly string[]): void {
  const outs = new PathTrie<{ stage: string; file: string }>();
  for (const stage of project.stages) for (const out of stage.outs) outs.set(out.path, { stage: stage.id, file: stage.source.file });
  const tracked = new PathTrie<string>();
  for (const file of loadTrackedFiles(project)) tracked.set(file.path, file.trackingFile);
  for (const path of paths) {
    const [out] = outs.overlapping(path);
    if (out) {
      const how = out.path === path ? "it is" : pathSegments(out.path).length < pathSegments(path).length ? `it is inside ${out.path}, an` : `it contains ${out.path}, an`;
      throw new PivotError("OUTPUT_OVERLAP", `Cannot track '${path}': ${how} output of stage '${out.value.stage}' (${out.value.file})`, {
        hint: "Stage outputs are cached by `pivot repro` and `pivot commit`; track only data that no stage produces.",
      });
    }
    const other = tracked.overlapping(path).find((entry) => entry.path !== path);
    if (other) {
      throw new PivotError("OUTPUT_OVERLAP", `Cannot track '${path}': it overlaps '${other.path}', already tracked by ${other.value}`, {
        hint: "Track a folder or the files inside it, not both.",
      });
    }
    tracked.set(path, trackingFileOf(path));
  }
}

/**
 * `pivot track`: stores each path's content in the cache and writes its tracking file beside it
 * (atomically). Every path is checked before anything is written. With a hardlink or symlink
 * `cache.link`, the data is replaced by a link to the cache, like a stage output.
 */
export async function trackPaths(project: TrackProject, rawPaths: readonly string[], cwd: string): Promise<TrackResult[]> {
  const paths = [...new Set(rawPaths.map((raw) => resolveTrackPath(project.root, cwd, raw)))];
  checkOverlaps(project, paths);
  const previous = new Map(loadTrackedFiles(project).flatMap((f) => ("record" in f ? [[f.path, f.record.hash] as const] : [])));
  const store = trackedStore(project);
  const hasher = new PathHasher(project.root);
  const { cacheDir, linkModes } = project.config;
  const results: TrackResult[] = [];
  for (const path of paths) {
    const hashed = await hasher.hash(path, store);
    if (!hashed) throw invalid(path, "it vanished while being tracked", "Run the command again.");
    const absolute = fromProjectPath(project.root, path);
    if (hashed.manifest) await addDirectoryToCache(cacheDir, absolute, hashed.manifest);
    else await addFileToCache(cacheDir, absolute, hashed.hash);
    if (linkModes[0] === "hardlink" || linkModes[0] === "symlink") {
      await linkFromCache(cacheDir, hashed.hash, absolute, { modes: linkModes });
      await hasher.rememberPlaced(path, hashed.hash, cacheDir, store);
    }
    const record = { path, hash: hashed.hash, sizeBytes: hashed.sizeBytes, ...(hashed.files !== undefined ? { files: hashed.files } : {}) };
    const before = previous.get(path);
    const action = before === undefined ? "tracked" : before === hashed.hash ? "unchanged" : "updated";
    if (action !== "unchanged") writeTrackingFile(project.root, record);
    results.push({ ...record, trackingFile: trackingFileOf(path), action, ...(action === "updated" ? { previous: before } : {}) });
  }
  hasher.flush();
  return results;
}
