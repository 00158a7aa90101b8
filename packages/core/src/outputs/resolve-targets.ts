import { isAbsolute, resolve } from "node:path";
import { didYouMean } from "../errors/did-you-mean";
import { PivotError } from "../errors/pivot-error";
import { matchTarget } from "../graph/select-targets";
import { isOutsideProject, isSameOrInside, toProjectPath } from "../model/paths";
import type { Project } from "../project/open-project";
import { dataPathOf } from "../track/tracking-file";
import { type CacheItem, type NotRecorded, describeNotRecorded, stageItems, trackedItems } from "./cache-items";

export interface ResolvedItems {
  items: CacheItem[];
  /** Things named (or implied) that cannot be placed, in words: no lock yet, not cached, bad tracking file. */
  notes: string[];
}

/** A target as a project path (relative to `cwd`, `.pvt` and trailing slash dropped), or undefined outside the project. */
function asProjectPath(projectRoot: string, cwd: string, target: string): string | undefined {
  const absolute = isAbsolute(target) ? resolve(target) : resolve(cwd, target);
  const path = toProjectPath(projectRoot, absolute);
  if (isOutsideProject(path)) return undefined;
  return dataPathOf(path);
}

/** Items at, inside or around `path`: the folder holding them, the item itself, or the item a file is part of. */
function itemsAt<T extends { path: string }>(list: readonly T[], path: string): T[] {
  return list.filter((item) => isSameOrInside(item.path, path) || isSameOrInside(path, item.path));
}

/**
 * What `checkout` (and any command taking data targets) acts on. No targets: every cached output
 * recorded in a lock file plus every tracked path. A target is tried as a path first (an output, a
 * tracked path or its `.pvt`, a folder holding some, or a file inside a directory output) and then
 * as a stage name or glob. Anything else is TARGET_NOT_FOUND with a suggestion.
 */
export function resolveDataTargets(project: Project, targets: readonly string[], cwd: string): ResolvedItems {
  const fromStages = stageItems(project.stages);
  const tracked = trackedItems(project);
  const all = [...fromStages.items, ...tracked.items];
  const trackingNotes = tracked.invalid.map((f) => `${f.trackingFile}: ${"problem" in f ? f.problem : "unreadable"} (skipped)`);
  if (targets.length === 0) return { items: all, notes: trackingNotes };

  const chosen = new Map<string, CacheItem>();
  const notes: string[] = [];
  const noteOf = (entries: NotRecorded[]) => notes.push(...entries.map(describeNotRecorded));
  for (const target of targets) {
    const path = asProjectPath(project.root, cwd, target);
    const byPath = path === undefined ? [] : itemsAt(all, path);
    const unrecorded = path === undefined ? [] : itemsAt(fromStages.notRecorded, path);
    const badTracking = path === undefined ? [] : tracked.invalid.filter((f) => f.path === path);
    if (byPath.length > 0 || unrecorded.length > 0 || badTracking.length > 0) {
      for (const item of byPath) chosen.set(item.path, item);
      noteOf(unrecorded);
      notes.push(...badTracking.map((f) => `${f.trackingFile}: ${"problem" in f ? f.problem : "unreadable"}`));
      continue;
    }
    const stageIds = new Set(stageIdsFor(project, target, path === undefined));
    for (const item of fromStages.items) if (item.source.kind === "stage" && stageIds.has(item.source.stage.id)) chosen.set(item.path, item);
    noteOf(fromStages.notRecorded.filter((n) => stageIds.has(n.stage) && n.why !== "not-cached"));
  }
  return { items: [...chosen.values()], notes };
}

/** Stage ids a target names, or TARGET_NOT_FOUND naming the closest stages and paths. */
function stageIdsFor(project: Project, target: string, outside: boolean): string[] {
  if (project.stages.length > 0) {
    try {
      return matchTarget(project.graph(), target);
    } catch (error) {
      if (!(error instanceof PivotError) || error.code !== "STAGE_NOT_FOUND") throw error;
    }
  }
  if (outside) {
    throw new PivotError("PATH_INVALID", `Target '${target}' is outside the project ${project.root}`, {
      hint: "Name stages, or paths inside the project.",
    });
  }
  const known = [...project.stages.map((s) => s.id), ...project.stages.flatMap((s) => s.outs.map((o) => o.path)), ...trackedItems(project).items.map((i) => i.path)];
  const suggestion = didYouMean(target.replace(/\/+$/, ""), known);
  throw new PivotError("TARGET_NOT_FOUND", `Unknown target '${target}': not a stage, a stage output or a tracked path`, {
    hint: `${suggestion ? `${suggestion} ` : ""}Run \`pivot list\` to see stages, or \`pivot track <path>\` to track data.`,
  });
}
