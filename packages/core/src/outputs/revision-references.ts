import { PivotError, errorMessage } from "../errors/pivot-error";
import { GitRepo } from "../git/git-repo";
import { parseLock } from "../lock/lock-file";
import { isTrackingFile, parseTrackingFile } from "../track/tracking-file";

/** Which git revisions `gc` keeps the data of, besides the workspace. */
export interface RevisionSelection {
  /** Revisions as typed (`main`, `v1.2`, `HEAD~3`). */
  revs: readonly string[];
  /** Every branch tip. */
  allBranches?: boolean;
  /** Every tag. */
  allTags?: boolean;
  /** Every commit reachable from any ref. */
  allCommits?: boolean;
}

/** A cached object a revision's lock or tracking file names. */
export interface RevisionReference {
  path: string;
  hash: string;
  /** `stage lock models/.pivot/stages/train.lock at 1a2b3c4` */
  source: string;
}

export interface RevisionReferences {
  /** Commits read. */
  commits: string[];
  references: RevisionReference[];
  /** Lock and tracking files that could not be read (skipped: a revision's broken file keeps nothing). */
  unreadable: string[];
}

/** True when a revision selection names any revision at all. */
export function selectsRevisions(selection: RevisionSelection): boolean {
  return selection.revs.length > 0 || Boolean(selection.allBranches || selection.allTags || selection.allCommits);
}

/** `<stateDir>/stages/…/<name>.lock` of any pipeline. */
function isLockFile(path: string): boolean {
  return path.endsWith(".lock") && /(^|\/)\.pivot\/stages\//.test(path);
}

function isDataRecord(path: string): boolean {
  return isLockFile(path) || (isTrackingFile(path) && !/(^|\/)\.pivot\//.test(path));
}

/** The commits a selection names, resolved and without duplicates. */
function selectedCommits(repo: GitRepo, selection: RevisionSelection): string[] {
  const commits = new Set<string>();
  for (const rev of selection.revs) commits.add(repo.resolve(rev).commit);
  if (selection.allCommits) for (const commit of repo.commits("all")) commits.add(commit);
  else {
    if (selection.allBranches) for (const commit of repo.commits("heads")) commits.add(commit);
    if (selection.allTags) for (const commit of repo.commits("tags")) commits.add(commit);
  }
  return [...commits].sort();
}

/**
 * Every cached object that the lock files and tracking files of the project reference at the
 * selected revisions, read from git without a checkout. Every pipeline's lock files count (not
 * only the loaded ones), so a revision whose pipeline file no longer loads still keeps its data. A
 * file unchanged across commits (the same blob) is parsed once.
 */
export function revisionReferences(projectRoot: string, selection: RevisionSelection): RevisionReferences {
  if (!selectsRevisions(selection)) return { commits: [], references: [], unreadable: [] };
  let repo: GitRepo;
  try {
    repo = GitRepo.open(projectRoot);
  } catch (error) {
    if (!(error instanceof PivotError)) throw error;
    throw new PivotError("GIT_FAILED", `${projectRoot} is not inside a git repository, so there are no revisions to keep`, {
      hint: "Drop --rev/--all-branches/--all-tags/--all-commits, or run gc inside the git repository.",
    });
  }
  const commits = selectedCommits(repo, selection);
  const blobs = new Map<string, { path: string; commit: string }>();
  for (const commit of commits) {
    for (const { path, blob } of repo.blobsAt(commit, isDataRecord)) if (!blobs.has(blob)) blobs.set(blob, { path, commit });
  }
  const contents = repo.readBlobs([...blobs.keys()]);
  const decoder = new TextDecoder();
  const references: RevisionReference[] = [];
  const unreadable: string[] = [];
  for (const [blob, { path, commit }] of blobs) {
    const text = decoder.decode(contents.get(blob) ?? new Uint8Array());
    const at = `${path} at ${commit.slice(0, 7)}`;
    try {
      if (isLockFile(path)) {
        for (const out of parseLock(text).outs) if (out.cache) references.push({ path: out.path, hash: out.hash, source: `lock file ${at}` });
      } else {
        const record = parseTrackingFile(text, path);
        references.push({ path: record.path, hash: record.hash, source: `tracking file ${at}` });
      }
    } catch (error) {
      unreadable.push(`${at}: ${errorMessage(error)}`);
    }
  }
  return { commits, references, unreadable };
}
