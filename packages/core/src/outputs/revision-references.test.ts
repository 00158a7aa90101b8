import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { PivotError } from "../errors/pivot-error";
import { revisionReferences } from "./revision-references";

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function git(cwd: string, ...args: string[]): string {
  const proc = Bun.spawnSync(["git", ...args], { cwd, stdout: "pipe", stderr: "pipe" });
  if (proc.exitCode !== 0) throw new Error(proc.stderr.toString());
  return proc.stdout.toString().trim();
}

function write(root: string, rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

const lock = (hash: string) =>
  `schema: 1\nstage: "gen"\nhash_algorithm: "xxh3-128"\ncmd:\n  - "x"\nparams: {}\ndeps: []\nouts:\n  - path: "out.txt"\n    hash: "${hash}"\n    size: 3\n    cache: true\n`;

function repo(): string {
  const root = mkdtempSync(join(tmpdir(), "pivot-revrefs-"));
  roots.push(root);
  git(root, "init", "-q", "-b", "main");
  git(root, "config", "user.email", "t@pivot.invalid");
  git(root, "config", "user.name", "t");
  return root;
}

function commit(root: string, message: string): string {
  git(root, "add", "-A");
  git(root, "commit", "-q", "-m", message);
  return git(root, "rev-parse", "HEAD");
}

describe("revisionReferences", () => {
  test("reads every pipeline's lock files and the tracking files at the chosen revisions, without a checkout", () => {
    const root = repo();
    write(root, ".pivot/stages/gen.lock", lock("a".repeat(32)));
    write(root, "sub/.pivot/stages/side.lock", lock("b".repeat(32)));
    const first = commit(root, "one");
    git(root, "checkout", "-q", "-b", "feature");
    write(root, ".pivot/stages/gen.lock", lock("c".repeat(32)));
    write(root, "data.csv.pvt", `schema: 1\nhash_algorithm: "xxh3-128"\npath: "data.csv"\nhash: "${"d".repeat(32)}"\nsize: 1\n`);
    commit(root, "two");
    git(root, "checkout", "-q", "main");
    write(root, "pivot.yaml", "not: [valid");
    commit(root, "three");

    const branches = revisionReferences(root, { revs: [], allBranches: true });
    expect(branches.commits).toHaveLength(2);
    expect(branches.references.map((r) => r.hash).sort()).toEqual(["a", "b", "c", "d"].map((c) => c.repeat(32)));
    expect(branches.references.find((r) => r.hash.startsWith("d"))?.source).toMatch(/^tracking file data\.csv\.pvt at [0-9a-f]{7}$/);
    expect(revisionReferences(root, { revs: [first] }).references.map((r) => r.hash).sort()).toEqual(["a".repeat(32), "b".repeat(32)]);
    expect(revisionReferences(root, { revs: [], allCommits: true }).commits).toHaveLength(3);
    expect(revisionReferences(root, { revs: [] }).commits).toEqual([]);
  });

  test("a damaged lock file at a revision keeps nothing and is reported; outside git is a clear error", () => {
    const root = repo();
    write(root, ".pivot/stages/gen.lock", "schema: [");
    commit(root, "broken");
    const result = revisionReferences(root, { revs: ["HEAD"] });
    expect(result.references).toEqual([]);
    expect(result.unreadable[0]).toContain(".pivot/stages/gen.lock at ");
    const plain = mkdtempSync(join(tmpdir(), "pivot-nogit-"));
    roots.push(plain);
    const error = (() => {
      try {
        revisionReferences(plain, { revs: [], allBranches: true });
      } catch (e) {
        return e as PivotError;
      }
    })();
    expect(error?.message).toContain("not inside a git repository");
  });
});
