import { relative } from "node:path";
import { PivotError } from "../errors/pivot-error";

/** A commit a revision named, as the user typed it and as git resolved it. */
export interface ResolvedRevision {
  rev: string;
  commit: string;
}

function runGit(args: string[], cwd: string, input?: Uint8Array): { exitCode: number; stdout: Buffer; stderr: string } {
  let proc: ReturnType<typeof Bun.spawnSync>;
  try {
    proc = Bun.spawnSync(["git", ...args], { cwd, stdin: input ?? "ignore", stdout: "pipe", stderr: "pipe", env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } });
  } catch {
    throw new PivotError("GIT_FAILED", "Cannot run git: it is not installed or not on PATH", {
      hint: "Install git; comparing revisions reads lock and metric files straight from git.",
    });
  }
  return { exitCode: proc.exitCode ?? 1, stdout: Buffer.from(proc.stdout ?? new Uint8Array()), stderr: (proc.stderr ?? "").toString().trim() };
}

/**
 * Reads files of a project at git revisions without checking anything out: `git rev-parse` to
 * resolve a revision, `git cat-file --batch` to read many files in one process, `git ls-tree` to
 * list a folder. Paths in and out are project-relative; the project may sit in a sub-folder of the
 * repository.
 */
export class GitRepo {
  /** Absolute path of the repository's top folder. */
  readonly root: string;
  /** The project's folder inside the repository (`""` or `sub/dir/`). */
  readonly prefix: string;

  private constructor(root: string, prefix: string) {
    this.root = root;
    this.prefix = prefix;
  }

  /** The repository holding `projectRoot`; GIT_FAILED when there is none. */
  static open(projectRoot: string): GitRepo {
    const top = runGit(["rev-parse", "--show-toplevel"], projectRoot);
    if (top.exitCode !== 0) {
      throw new PivotError("GIT_FAILED", `${projectRoot} is not inside a git repository, so there are no revisions to compare with`, {
        hint: "Run `git init` and commit, or use `show` (the workspace needs no git).",
      });
    }
    const root = top.stdout.toString().trim();
    const rel = relative(root, projectRoot).split("\\").join("/");
    return new GitRepo(root, rel === "" ? "" : `${rel}/`);
  }

  /** The commit `rev` names; REVISION_NOT_FOUND naming it when it names none. */
  resolve(rev: string): ResolvedRevision {
    if (rev.trim() === "" || rev.startsWith("-")) {
      throw new PivotError("REVISION_NOT_FOUND", `'${rev}' is not a git revision`, { hint: "Name a commit, branch or tag, e.g. --rev HEAD~1." });
    }
    const result = runGit(["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`], this.root);
    if (result.exitCode !== 0) {
      const noCommits = rev === "HEAD" && runGit(["rev-parse", "--verify", "--quiet", "HEAD"], this.root).exitCode !== 0;
      throw new PivotError(
        "REVISION_NOT_FOUND",
        noCommits ? "HEAD names no commit: the repository has no commits yet" : `Unknown git revision '${rev}' in ${this.root}`,
        { hint: noCommits ? "Commit your pipeline first (git add -A && git commit)." : "Check the name with `git log --oneline` or `git branch -a`." },
      );
    }
    return { rev, commit: result.stdout.toString().trim() };
  }

  /** Contents of project-relative files at a commit (undefined for files absent there). */
  readFiles(commit: string, paths: readonly string[]): Map<string, Uint8Array | undefined> {
    const found = new Map<string, Uint8Array | undefined>();
    const unique = [...new Set(paths)].filter((p) => !/[\n\r]/.test(p));
    if (unique.length === 0) return found;
    const request = unique.map((p) => `${commit}:${this.prefix}${p}\n`).join("");
    const result = runGit(["cat-file", "--batch"], this.root, new TextEncoder().encode(request));
    if (result.exitCode !== 0) throw new PivotError("GIT_FAILED", `git cat-file failed: ${result.stderr}`);
    const out = result.stdout;
    let at = 0;
    for (const path of unique) {
      const lineEnd = out.indexOf(10, at);
      if (lineEnd < 0) break;
      const header = out.subarray(at, lineEnd).toString();
      at = lineEnd + 1;
      const [, type, size] = header.split(" ");
      if (header.endsWith(" missing") || header.endsWith(" ambiguous") || size === undefined) {
        found.set(path, undefined);
        continue;
      }
      const length = Number(size);
      found.set(path, type === "blob" ? new Uint8Array(out.subarray(at, at + length)) : undefined);
      at += length + 1;
    }
    return found;
  }

  /**
   * Commits the revision set names: branch tips, local and remote-tracking (`heads`), tag targets (`tags`), or every commit
   * reachable from any ref (`all`). Sorted, without duplicates.
   */
  commits(kind: "heads" | "tags" | "all"): string[] {
    const result =
      kind === "all"
        ? runGit(["rev-list", "--all"], this.root)
        : runGit(["for-each-ref", "--format=%(objectname)", ...(kind === "heads" ? ["refs/heads", "refs/remotes"] : ["refs/tags"])], this.root);
    if (result.exitCode !== 0) throw new PivotError("GIT_FAILED", `git ${kind === "all" ? "rev-list" : "for-each-ref"} failed: ${result.stderr}`);
    const names = result.stdout.toString().split("\n").filter(Boolean);
    if (kind === "all") return [...new Set(names)].sort();
    // Tags may point at tag objects: peel each to its commit (tags of trees or blobs are skipped).
    if (names.length === 0) return [];
    const peeled = runGit(["cat-file", "--batch-check=%(objectname) %(objecttype)"], this.root, new TextEncoder().encode(`${names.join("\n")}\n`));
    const commits = peeled.stdout
      .toString()
      .split("\n")
      .map((line) => line.split(" "))
      .filter(([, type]) => type === "commit")
      .map(([name]) => name!);
    return [...new Set(commits)].sort();
  }

  /** Every file of the project at a commit with its blob id, for files `keep` accepts (project-relative paths). */
  blobsAt(commit: string, keep: (path: string) => boolean): Array<{ path: string; blob: string }> {
    const result = runGit(["ls-tree", "-r", "-z", "--full-tree", commit, "--", this.prefix === "" ? "." : this.prefix], this.root);
    if (result.exitCode !== 0) throw new PivotError("GIT_FAILED", `git ls-tree ${commit} failed: ${result.stderr}`);
    const found: Array<{ path: string; blob: string }> = [];
    for (const entry of result.stdout.toString().split("\0")) {
      // `<mode> <type> <object>\t<path>`
      const tab = entry.indexOf("\t");
      if (tab < 0) continue;
      const [, type, blob] = entry.slice(0, tab).split(" ");
      const name = entry.slice(tab + 1);
      if (type !== "blob" || !name.startsWith(this.prefix)) continue;
      const path = name.slice(this.prefix.length);
      if (keep(path)) found.push({ path, blob: blob! });
    }
    return found;
  }

  /** Contents of blobs by id, read in one `git cat-file --batch`. */
  readBlobs(blobs: readonly string[]): Map<string, Uint8Array> {
    const unique = [...new Set(blobs)];
    const found = new Map<string, Uint8Array>();
    if (unique.length === 0) return found;
    const result = runGit(["cat-file", "--batch"], this.root, new TextEncoder().encode(`${unique.join("\n")}\n`));
    if (result.exitCode !== 0) throw new PivotError("GIT_FAILED", `git cat-file failed: ${result.stderr}`);
    const out = result.stdout;
    let at = 0;
    for (const blob of unique) {
      const lineEnd = out.indexOf(10, at);
      if (lineEnd < 0) break;
      const [, type, size] = out.subarray(at, lineEnd).toString().split(" ");
      at = lineEnd + 1;
      if (size === undefined || type !== "blob") continue;
      found.set(blob, new Uint8Array(out.subarray(at, at + Number(size))));
      at += Number(size) + 1;
    }
    return found;
  }

  /** Project-relative paths of every file under a project folder at a commit. */
  listFiles(commit: string, projectDir: string): string[] {
    const dir = projectDir === "." ? this.prefix : `${this.prefix}${projectDir}/`;
    const result = runGit(["ls-tree", "-r", "-z", "--name-only", commit, "--", dir === "" ? "." : dir], this.root);
    if (result.exitCode !== 0) return [];
    return result.stdout
      .toString()
      .split("\0")
      .filter((name) => name !== "" && name.startsWith(this.prefix))
      .map((name) => name.slice(this.prefix.length));
  }
}
