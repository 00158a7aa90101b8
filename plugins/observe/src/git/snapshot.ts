import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fromProjectPath } from "@pivot/core/internal";
import { GitRepo } from "@pivot/core/internal";

/**
 * The project's files as they are in the workspace or at one git revision. Commands compare two
 * snapshots; reading a revision never checks anything out.
 */
export interface Snapshot {
  /** `workspace`, or the revision as the user typed it (`HEAD`, `v1.2`, `HEAD~1`). */
  label: string;
  /** The resolved commit, for revisions. */
  commit?: string;
  /** Contents of project-relative files (undefined for a file that is not there). */
  readMany(paths: readonly string[]): Map<string, Uint8Array | undefined>;
  /** Project-relative paths of every file under a project folder. */
  list(projectDir: string): string[];
}

export const WORKSPACE = "workspace";

export function workspaceSnapshot(projectRoot: string): Snapshot {
  return {
    label: WORKSPACE,
    readMany(paths) {
      const found = new Map<string, Uint8Array | undefined>();
      for (const path of paths) {
        const file = fromProjectPath(projectRoot, path);
        found.set(path, existsSync(file) && statSync(file).isFile() ? new Uint8Array(readFileSync(file)) : undefined);
      }
      return found;
    },
    list(projectDir) {
      const base = fromProjectPath(projectRoot, projectDir);
      if (!existsSync(base)) return [];
      const files = readdirSync(base, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
      return files.map((entry) => {
        const rel = join(entry.parentPath, entry.name).slice(base.length + 1).split("\\").join("/");
        return projectDir === "." ? rel : `${projectDir}/${rel}`;
      });
    },
  };
}

export function revisionSnapshot(repo: GitRepo, rev: string): Snapshot {
  const { commit } = repo.resolve(rev);
  return {
    label: rev,
    commit,
    readMany: (paths) => repo.readFiles(commit, paths),
    list: (projectDir) => repo.listFiles(commit, projectDir),
  };
}

/** One file of a snapshot as text. */
export function readText(snapshot: Snapshot, path: string): string | undefined {
  const bytes = snapshot.readMany([path]).get(path);
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}

/** A revision's snapshot; the word `workspace` names the workspace itself. */
function snapshotOf(projectRoot: string, repo: () => GitRepo, rev: string): Snapshot {
  return rev === WORKSPACE ? workspaceSnapshot(projectRoot) : revisionSnapshot(repo(), rev);
}

/**
 * The two sides of a `diff`: no revision → HEAD vs workspace; one → it vs workspace; two → the
 * first vs the second. The caller rejects more than two.
 */
export function diffSnapshots(projectRoot: string, revs: readonly string[]): { old: Snapshot; new: Snapshot } {
  let repo: GitRepo | undefined;
  const openRepo = () => (repo ??= GitRepo.open(projectRoot));
  const [first = "HEAD", second = WORKSPACE] = revs;
  return { old: snapshotOf(projectRoot, openRepo, first), new: snapshotOf(projectRoot, openRepo, second) };
}

/** The snapshot `show --rev REV` reads (the workspace without a revision). */
export function showSnapshot(projectRoot: string, rev: string | undefined): Snapshot {
  return snapshotOf(projectRoot, () => GitRepo.open(projectRoot), rev ?? WORKSPACE);
}
