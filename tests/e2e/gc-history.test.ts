import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commitAll, git, initGitRepo } from "../support/git-repo";
import { type TestProject, hasStackTrace, makeProject } from "../support/project";
import { cachedObjects, lockedHashes, objectsIn } from "../support/remote-fixtures";
import { stageStatuses } from "../support/run-events";
import { type TestS3Server, startS3Server } from "../support/s3-server";

/** One stage with a file and a folder output, so both kinds of objects (and manifests) are kept or freed. */
const PIPELINE = `stages:
  build:
    cmd: mkdir -p out && cp input.txt out/copy.txt && tr a-z A-Z < input.txt > model.txt
    deps: [input.txt]
    outs: [model.txt, out/]
`;

const GITIGNORE = "/model.txt\n/out/\n/.pivot/*\n!/.pivot/stages/\n!/.pivot/config.yaml\n*.running\n";

type Run = (project: TestProject, ...args: string[]) => ReturnType<TestProject["pivot"]>;

interface RemoteUnderTest {
  url: string;
  run: Run;
  /** Object hashes on the remote. */
  objects(): Promise<string[]>;
}

interface History {
  a: TestProject;
  /** Objects of each state: only in main's first commit, the feature branch tip, main's tip. */
  alpha: string[];
  beta: string[];
  gamma: string[];
  first: string;
}

async function runAndPush(remote: RemoteUnderTest, project: TestProject, input: string): Promise<void> {
  project.write("input.txt", input);
  const ran = await remote.run(project, "repro");
  expect(ran.exitCode).toBe(0);
  const pushed = await remote.run(project, "push");
  expect(pushed.exitCode).toBe(0);
}

/**
 * Machine A: main's first commit (alpha), a feature branch (beta), then main moves on (gamma);
 * every state pushed. The workspace is main's tip.
 */
async function makeHistory(remote: RemoteUnderTest): Promise<History> {
  const a = makeProject({
    "pivot.yaml": PIPELINE,
    ".gitignore": GITIGNORE,
    ".pivot/config.yaml": `remotes:\n  origin:\n    url: ${JSON.stringify(remote.url)}\nremote:\n  default: origin\n`,
  });
  initGitRepo(a.root);
  const stateObjects = async (input: string): Promise<string[]> => {
    const before = new Set(cachedObjects(a));
    await runAndPush(remote, a, input);
    return cachedObjects(a).filter((h) => !before.has(h));
  };
  const alpha = await stateObjects("alpha\n");
  const first = commitAll(a.root, "alpha");
  git(a.root, "checkout", "-q", "-b", "feature");
  const beta = await stateObjects("beta\n");
  commitAll(a.root, "beta");
  git(a.root, "checkout", "-q", "main");
  expect((await remote.run(a, "checkout")).exitCode).toBe(0);
  const gamma = await stateObjects("gamma\n");
  commitAll(a.root, "gamma");
  for (const objects of [alpha, beta, gamma]) expect(objects.length).toBeGreaterThanOrEqual(3);
  return { a, alpha, beta, gamma, first };
}

/** A second machine: a git clone of A, with no cache. */
function cloneOf(a: TestProject): TestProject {
  const b = makeProject({}, { init: false });
  git(b.root, "clone", "-q", a.root, ".");
  return b;
}

const sorted = (list: readonly string[]) => [...list].sort();

function historyTests(name: string, setup: () => RemoteUnderTest) {
  describe(`gc across history (${name})`, () => {
    test("gc --remote --all-branches keeps what every branch needs and frees the rest; after a gc no machine trusts its stale index", async () => {
      const remote = setup();
      const { a, alpha, beta, gamma, first } = await makeHistory(remote);
      expect(sorted(await remote.objects())).toEqual(sorted([...alpha, ...beta, ...gamma]));

      // The gc runs on another machine (a CI clone with no cache): lock files come from git, folder
      // manifests from the remote.
      const ci = cloneOf(a);
      const dry = await remote.run(ci, "gc", "--remote", "origin", "--all-branches", "--grace", "0", "--dry-run", "--json");
      expect(dry.exitCode).toBe(0);
      const planned = JSON.parse(dry.stdout);
      expect(sorted(planned.deletedObjects.map((o: { hash: string }) => o.hash))).toEqual(sorted(alpha));
      expect(planned).toMatchObject({ dryRun: true, deleted: alpha.length, revisions: 2, unknownFolders: 0 });
      expect(planned.deletedBytes).toBeGreaterThan(0);
      expect((await remote.objects()).length).toBe(alpha.length + beta.length + gamma.length);

      const text = await remote.run(ci, "gc", "--remote", "origin", "--all-branches", "--grace", "0");
      expect(text.exitCode).toBe(0);
      expect(text.stdout).toMatch(new RegExp(`Deleted ${alpha.length} objects \\(\\d+ B\\)(, \\d+ run-cache records?)? from remote 'origin'`));
      expect(sorted(await remote.objects())).toEqual(sorted([...beta, ...gamma]));

      // Machine A pushed alpha before the gc, and its index of the remote says so. Checking out the
      // first commit and pushing must upload alpha again, not trust that stale index.
      git(a.root, "checkout", "-q", first);
      expect((await remote.run(a, "checkout")).exitCode).toBe(0);
      const repushed = JSON.parse((await remote.run(a, "push", "--json")).stdout);
      expect(repushed.objects.transferred).toBe(alpha.length);
      for (const hash of alpha) expect(await remote.objects()).toContain(hash);
      git(a.root, "checkout", "-q", "main");
      expect((await remote.run(a, "checkout")).exitCode).toBe(0);
      expect((await remote.run(ci, "gc", "--remote", "origin", "--all-branches", "--grace", "0")).exitCode).toBe(0);

      // A second machine gets every branch back from the remote without running anything.
      const b = cloneOf(a);
      for (const branch of ["main", "feature"]) {
        git(b.root, "checkout", "-q", branch);
        const pulled = await remote.run(b, "pull");
        expect(pulled.exitCode).toBe(0);
        const repro = await remote.run(b, "repro", "--json");
        expect(repro.exitCode).toBe(0);
        expect(stageStatuses(repro.stdout)).toEqual({ build: "skipped" });
        expect(b.read("model.txt")).toBe(branch === "main" ? "GAMMA\n" : "BETA\n");
      }

      // Deleting the branch frees its objects on the next gc.
      git(a.root, "branch", "-q", "-D", "feature");
      const freed = JSON.parse((await remote.run(a, "gc", "--remote", "origin", "--all-branches", "--grace", "0", "--json")).stdout);
      expect(sorted(freed.deletedObjects.map((o: { hash: string }) => o.hash))).toEqual(sorted(beta.filter((h) => !gamma.includes(h))));
      expect(sorted(await remote.objects())).toEqual(sorted(gamma));
    });

    test("an object pushed less than the grace period ago survives gc --remote; --grace 0 frees it", async () => {
      const remote = setup();
      const { a, gamma } = await makeHistory(remote);
      // A push in flight: objects uploaded, lock file not committed.
      const before = new Set(cachedObjects(a));
      await runAndPush(remote, a, "delta\n");
      const delta = cachedObjects(a).filter((h) => !before.has(h));
      git(a.root, "checkout", "-q", "--", ".");
      expect((await remote.run(a, "checkout")).exitCode).toBe(0);

      const kept = await remote.run(a, "gc", "--remote", "origin", "--json");
      expect(kept.exitCode).toBe(0);
      const report = JSON.parse(kept.stdout);
      expect(report.young).toBeGreaterThanOrEqual(delta.length);
      for (const hash of delta) expect(await remote.objects()).toContain(hash);

      const text = await remote.run(a, "gc", "--remote", "origin");
      expect(text.stdout).toMatch(/unreferenced objects? \(\d+ B\) kept: written less than 1d ago/);

      expect((await remote.run(a, "gc", "--remote", "origin", "--grace", "0")).exitCode).toBe(0);
      const after = await remote.objects();
      for (const hash of delta) expect(after).not.toContain(hash);
      for (const hash of gamma) expect(after).toContain(hash);
    });
  });
}

describe("pivot gc across git history (local cache)", () => {
  test("--all-branches, --rev and --all-commits keep what those revisions reference; the workspace alone keeps only its own", async () => {
    const remoteDir = mkdtempSync(join(tmpdir(), "pivot-remote-"));
    const remote: RemoteUnderTest = { url: remoteDir, run: (p, ...args) => p.pivot(...args), objects: async () => objectsIn(remoteDir) };
    const { a, alpha, beta, gamma, first } = await makeHistory(remote);
    const all = sorted([...alpha, ...beta, ...gamma]);
    expect(sorted(cachedObjects(a))).toEqual(all);

    const workspace = JSON.parse((await a.pivot("gc", "--dry-run", "--json")).stdout);
    expect(sorted(workspace.removedHashes)).toEqual(sorted([...alpha, ...beta].filter((h) => !gamma.includes(h))));
    const branches = JSON.parse((await a.pivot("gc", "--all-branches", "--dry-run", "--json")).stdout);
    expect(sorted(branches.removedHashes)).toEqual(sorted(alpha.filter((h) => !beta.includes(h) && !gamma.includes(h))));
    expect(branches.revisions).toBe(2);
    for (const args of [["--all-commits"], ["--all-branches", "--rev", first], ["-r", first, "--rev", "feature"]]) {
      const report = JSON.parse((await a.pivot("gc", ...args, "--dry-run", "--json")).stdout);
      expect(report.removed).toBe(0);
    }
    const listed = await a.pivot("gc", "--dry-run");
    expect(listed.stdout).toMatch(/Would remove \d+ objects \(\d+ B\)/);
    expect(listed.stdout).toContain(workspace.removedObjects[0].hash);

    const done = await a.pivot("gc", "--all-branches");
    expect(done.exitCode).toBe(0);
    expect(done.stdout).toMatch(/Removed \d+ objects \(\d+ B\), \d+ run-cache entr(y|ies); \d+ referenced kept \(workspace and 2 commits\)/);
    expect(sorted(cachedObjects(a))).toEqual(sorted([...beta, ...gamma]));
    // The feature branch still checks out from the local cache alone.
    git(a.root, "checkout", "-q", "feature");
    expect((await a.pivot("checkout")).exitCode).toBe(0);
    expect(a.read("model.txt")).toBe("BETA\n");
  });

  test("--keep-run-cache keeps young run-cache entries and their objects", async () => {
    const remoteDir = mkdtempSync(join(tmpdir(), "pivot-remote-"));
    const remote: RemoteUnderTest = { url: remoteDir, run: (p, ...args) => p.pivot(...args), objects: async () => objectsIn(remoteDir) };
    const { a, alpha } = await makeHistory(remote);
    const kept = JSON.parse((await a.pivot("gc", "--keep-run-cache", "30d", "--dry-run", "--json")).stdout);
    for (const hash of alpha) expect(kept.removedHashes).not.toContain(hash);
    const dropped = JSON.parse((await a.pivot("gc", "--dry-run", "--json")).stdout);
    expect(dropped.runCache.removed).toBeGreaterThanOrEqual(2);
    // With the entries gone, going back to alpha's input runs the stage instead of restoring it.
    expect((await a.pivot("gc")).exitCode).toBe(0);
    a.write("input.txt", "alpha\n");
    expect(stageStatuses((await a.pivot("repro", "--json")).stdout)).toEqual({ build: "ran" });
  });

  test("bad revisions and durations are clear errors", async () => {
    const a = makeProject({ "pivot.yaml": PIPELINE, "input.txt": "x\n" });
    const outside = await a.pivot("gc", "--all-branches");
    expect(outside.exitCode).not.toBe(0);
    expect(outside.stderr).toContain("not inside a git repository");
    initGitRepo(a.root);
    commitAll(a.root, "one");
    const badRev = await a.pivot("gc", "--rev", "no-such-branch");
    expect(badRev.exitCode).not.toBe(0);
    expect(badRev.stderr).toContain("no-such-branch");
    const badDuration = await a.pivot("gc", "--keep-run-cache", "soon");
    expect(badDuration.exitCode).toBe(2);
    expect(badDuration.stderr).toContain("--keep-run-cache: 'soon' is not a duration");
    for (const result of [outside, badRev, badDuration]) expect(hasStackTrace(result.stderr)).toBe(false);
  });
});

historyTests("folder remote", () => {
  const dir = mkdtempSync(join(tmpdir(), "pivot-remote-"));
  return { url: dir, run: (p, ...args) => p.pivot(...args), objects: async () => objectsIn(dir) };
});

describe("with s3rver", () => {
  let server: TestS3Server;
  beforeAll(async () => {
    server = await startS3Server();
  });
  afterAll(async () => {
    await server?.dispose();
  });
  let count = 0;
  historyTests("S3 remote", () => {
    const prefix = `gc-${process.pid}-${++count}`;
    return {
      url: `s3://${server.bucket}/${prefix}`,
      run: (p, ...args) => p.pivotWith({ env: { ...server.env, PIVOT_REMOTE_BACKOFF_MS: "20" } }, ...args),
      objects: async () => {
        const listed = await server.client.list({ prefix: `${prefix}/files/`, maxKeys: 1000 });
        return (listed.contents ?? []).map((c) => c.key.slice(`${prefix}/files/`.length).replace("/", ""));
      },
    };
  });
});
