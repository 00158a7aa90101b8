import { readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { writeFileAtomic } from "../fs/atomic-write";
import type { Stage } from "../model/pipeline";
import { fromProjectPath, isSameOrInside, toProjectPath } from "../model/paths";
import { findAllPipelineFiles, pipelineFolders } from "../pipeline/find-all-pipeline-files";
import { globalConfigPath, projectConfigPath } from "../project/config";
import type { Project } from "../project/open-project";
import { PIVOT_DIR } from "../project/project-root";
import { loadTrackedFiles } from "../track/tracked-status";
import { debug } from "../ui/output";
import { GcPacer } from "../engine/gc-pacer";
import { type FileSignature, neverHolds, signatureOf, statSignature } from "./file-signature";
import type { SnapshotFile } from "./snapshot-file";
import { snapshotPieces } from "./snapshot-text";
import { stageReads } from "./stage-reads";
import { type SnapshotInvocation, snapshotKey, snapshotPath } from "./snapshot-key";

/** A snapshot being taken around one run: written only if the run found everything up to date. */
export interface PendingSnapshot {
  /**
   * Writes the snapshot when `upToDate`, else removes any earlier one for this invocation.
   * `seen`: the signature of a path as the check itself saw it, recorded instead of a new stat.
   */
  finish(upToDate: boolean, seen?: SeenSignature): void;
}

/**
 * The signature of a file as a command's check stat'ed it — the content it judged —, or undefined
 * when the check did not stat it or it is a folder (listed afresh).
 */
export type SeenSignature = (absPath: string) => FileSignature | undefined;

/**
 * Why a project cannot be answered from a snapshot, or undefined when it can. The recorded files
 * must be all the decision depends on: pipeline definitions that are cached by file (not code that
 * runs), shell stages (a TS stage's code fingerprint spans modules), no stage that always runs;
 * without `--all`, no dep outside its pipeline's folder (a producer in another pipeline could
 * appear); with `--all`, every pipeline file found loaded with stages (none skipped with a warning).
 */
function ineligible(project: Project, invocation: SnapshotInvocation, stages: readonly Stage[]): string | undefined {
  for (const pipeline of project.pipelines) {
    const discovery = invocation.discovery.find((d) => d.configFiles.includes(basename(pipeline.file)));
    if (!discovery?.cacheVersion) return `${pipeline.file} is not cached by file`;
  }
  if (invocation.all) {
    const loaded = new Set(project.pipelines.map((p) => fromProjectPath(project.root, p.file)));
    const skipped = findAllPipelineFiles(project.root, invocation.discovery).files.find((f) => !loaded.has(f.file));
    if (skipped) return `${toProjectPath(project.root, skipped.file)} was not loaded`;
  } else {
    for (const stage of project.stages) {
      if (stage.deps.some((dep) => !isSameOrInside(dep.path, stage.pipeline.dir))) return `stage ${stage.id} reads outside its pipeline`;
    }
  }
  for (const stage of stages) {
    if (stage.body.kind !== "cmd") return `stage ${stage.id} is a TypeScript stage`;
    if (stage.alwaysChanged) return `stage ${stage.id} always runs`;
  }
  return undefined;
}

/** Signatures of a folder and everything below it (folders before their listing, so additions show). */
function signaturesBelow(absDir: string, into: FileSignature[]): void {
  const pending = [absDir];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    into.push(signatureOf(dir));
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      into.push(neverHolds(dir));
      continue;
    }
    for (const entry of entries) {
      if (entry.name === PIVOT_DIR) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else into.push(signatureOf(path));
    }
  }
}

/**
 * Every file and folder the decision for `stages` read, or undefined when one it must have read
 * (a pipeline file, lock file, params file, dep or output of a stage found up to date) is gone
 * now: it was removed during the command. Paths that may be absent (config files, the pipeline
 * file names not used) are recorded as absent.
 */
function signaturesFor(
  project: Project,
  invocation: SnapshotInvocation,
  stages: readonly Stage[],
  withTracked: boolean,
  seenByCheck: SeenSignature,
): Pick<SnapshotFile, "files" | "zones" | "tracked"> | undefined {
  const files: FileSignature[] = [];
  const seen = new Set<string>();
  let removed = false;
  /** A folder with everything below it, or a file, or a path that is absent. */
  const add = (absPath: string, mustExist: boolean) => {
    if (seen.has(absPath)) return;
    seen.add(absPath);
    const recorded = seenByCheck(absPath);
    const { signature, isFolder } = recorded ? { signature: recorded, isFolder: false } : statSignature(absPath);
    if (signature.length === 1 && mustExist) removed = true;
    if (isFolder) signaturesBelow(absPath, files);
    else files.push(signature);
  };
  add(globalConfigPath(), false);
  add(projectConfigPath(project.root), false);
  if (invocation.all) {
    // Where `--all` looks: a pipeline file added or removed anywhere changes its folder's stat.
    add(join(project.root, ".pivotignore"), false);
    for (const folder of pipelineFolders(project.root)) files.push(signatureOf(folder));
  } else {
    // Where the pipeline file is looked for: a new pivot.yaml in the current folder changes everything.
    const folders = invocation.cwd !== project.root && invocation.cwd.startsWith(`${project.root}/`) ? [invocation.cwd, project.root] : [project.root];
    for (const folder of folders) for (const d of invocation.discovery) for (const name of d.configFiles) add(join(folder, name), false);
  }
  for (const pipeline of project.pipelines) for (const file of [pipeline.file, ...(pipeline.inputs ?? [])]) add(fromProjectPath(project.root, file), true);
  const global = files.length;
  const gc = new GcPacer();
  for (const stage of stages) {
    gc.tick();
    for (const path of stageReads(project.root, stage)) add(path, true);
  }
  const zones = { global, stages: files.length };
  if (!withTracked) return removed ? undefined : { files, zones };
  // `status` also vouches for tracked data: every folder the search for tracking files listed (a
  // new or removed .pvt changes it), each tracking file and its data.
  add(join(project.root, ".pivotignore"), false);
  const tracked = loadTrackedFiles(project, (folder) => files.push(signatureOf(folder)));
  for (const file of tracked) {
    add(fromProjectPath(project.root, file.trackingFile), true);
    add(fromProjectPath(project.root, file.path), true);
  }
  return removed ? undefined : { files, zones, tracked: tracked.map((t) => t.path) };
}

/**
 * The file system's clock before a command reads anything (the ctime of a file written now in the
 * project's `.pivot/`). A recorded file whose ctime is not older changed while the command was
 * reading: its content may not be what the command saw, so no snapshot is written (git's
 * "racily clean" rule). Using the file system's own clock covers coarse timestamps and clock skew.
 */
export function snapshotClock(projectRoot: string): number {
  // Written in `.pivot/` itself and removed at once: a command that then fails leaves nothing.
  const file = join(projectRoot, PIVOT_DIR, `.clock-${process.pid}`);
  writeFileSync(file, "");
  try {
    return statSync(file).ctimeMs;
  } finally {
    rmSync(file, { force: true });
  }
}

/**
 * Starts a snapshot for a run of `stageIds` (the stages the run will consider); `clock` is
 * `snapshotClock()` taken before the project was loaded. Undefined when the project cannot be
 * answered from a snapshot (any earlier snapshot for the invocation is removed then). Nothing is
 * stat'ed unless the run turns out to have had nothing to do.
 */
export function beginSnapshot(
  project: Project,
  invocation: SnapshotInvocation,
  stageIds: readonly string[],
  clock: number,
  options: { withTracked?: boolean } = {},
): PendingSnapshot | undefined {
  const key = snapshotKey(invocation);
  const file = snapshotPath(project.root, key);
  const remove = () => rmSync(file, { force: true });
  const graph = project.graph();
  const stages = stageIds.map((id) => graph.stage(id));
  const reason = ineligible(project, invocation, stages);
  if (reason) {
    debug(`Not keeping an up-to-date snapshot: ${reason}.`);
    remove();
    return undefined;
  }
  return {
    finish(upToDate, seen = () => undefined) {
      if (!upToDate) return remove();
      // Files the check stat'ed are recorded as it saw them; the rest are stat'ed now. Sound because
      // nothing recorded may have changed since `clock`, i.e. since before the command read any of it.
      const recorded = signaturesFor(project, invocation, stages, options.withTracked === true, seen);
      if (!recorded?.files.every((f) => f.length === 1 || f[2] < clock)) return remove();
      GcPacer.betweenPhases(stages.length);
      const { files, zones, tracked } = recorded;
      writeFileAtomic(file, snapshotPieces({ key, stages: [...stageIds], files, zones, ...(tracked ? { tracked } : {}) }));
    },
  };
}
