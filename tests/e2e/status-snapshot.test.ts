import { describe, expect, test } from "bun:test";
import { chmodSync, linkSync, renameSync, statSync, symlinkSync, utimesSync } from "node:fs";
import { type TestProject, makeProject } from "../support/project";

/** raw.txt → upper → count; data/ (a folder dep) → listing; upper reads a param; tracked.csv is tracked data. */
const PIPELINE = `stages:
  upper:
    cmd: tr a-z A-Z < raw.txt > upper.txt
    deps: [raw.txt]
    outs: [upper.txt]
    params: [upper.mode]
  count:
    cmd: wc -c < upper.txt > count.txt
    deps: [upper.txt]
    outs: [count.txt]
  listing:
    cmd: find data -type f | sort > listing.txt
    deps: [data/]
    outs: [listing.txt]
`;

const FAST_ANSWER = "No file read by the last full check has changed since";
const settle = () => Bun.sleep(30);

/** Everything run and tracked; a plain `status` has written its snapshot and the next one is answered from it. */
async function upToDateProject(): Promise<{ project: TestProject; full: { normal: string; verbose: string } }> {
  const project = makeProject({
    "pivot.yaml": PIPELINE,
    "raw.txt": "hello\n",
    "params.yaml": "upper:\n  mode: plain\n",
    "data/a.txt": "a\n",
    "data/sub/b.txt": "b\n",
    "tracked.csv": "1,2\n",
  });
  expect((await project.pivot("repro")).exitCode).toBe(0);
  expect((await project.pivot("track", "tracked.csv")).exitCode).toBe(0);
  await settle();
  const normal = await project.pivot("status");
  expect(normal.exitCode).toBe(0);
  const verbose = await project.pivot("status", "-v");
  expect(verbose.stderr).toContain(FAST_ANSWER);
  return { project, full: { normal: normal.stdout, verbose: verbose.stdout } };
}

function rewriteKeepingMtime(project: TestProject, rel: string, content: string): void {
  const before = statSync(project.path(rel));
  expect(Buffer.byteLength(content)).toBe(before.size);
  project.write(rel, content);
  utimesSync(project.path(rel), before.atime, before.mtime);
}

describe("status answered from the up-to-date snapshot", () => {
  test("prints exactly what the full check printed, quiet answers with exit code 0", async () => {
    const { project, full } = await upToDateProject();
    expect(full.normal).toBe("✔ 3 stages up to date\n✔ 1 tracked path unchanged\n");
    const fast = await project.pivot("status");
    expect(fast.stdout).toBe(full.normal);
    const fastVerbose = await project.pivot("status", "-v");
    expect(fastVerbose.stderr).toContain(FAST_ANSWER);
    expect(fastVerbose.stdout).toContain("✔ upper    up to date");
    expect(fastVerbose.stdout).toContain("✔ tracked.csv unchanged");
    const quiet = await project.pivot("status", "-q");
    expect({ code: quiet.exitCode, out: quiet.stdout }).toEqual({ code: 0, out: "" });
    // Options that need the details always check in full.
    for (const args of [["--json"], ["--explain"]]) {
      const detailed = await project.pivot("status", "-v", ...args);
      expect(detailed.stderr).not.toContain(FAST_ANSWER);
    }
  });

  const changes: Array<[string, (p: TestProject) => void, RegExp]> = [
    ["a dep rewritten with the same size and mtime", (p) => rewriteKeepingMtime(p, "raw.txt", "jello\n"), /● upper/],
    ["an output edited with the same size and mtime", (p) => rewriteKeepingMtime(p, "upper.txt", "XXXXX\n"), /[●↺] upper/],
    ["an output deleted", (p) => p.remove("count.txt"), /↺ count/],
    ["the command edited", (p) => p.write("pivot.yaml", PIPELINE.replace("wc -c", "wc -l")), /● count/],
    ["a param changed", (p) => p.write("params.yaml", "upper:\n  mode: fancy\n"), /● upper/],
    ["a lock file removed", (p) => p.remove(".pivot/stages/listing.lock"), /[●↺] listing/],
    ["a file added inside a folder dep", (p) => p.write("data/c.txt", "c\n"), /● listing/],
    ["a file removed from a folder dep", (p) => p.remove("data/sub/b.txt"), /● listing/],
    ["tracked data edited with the same size and mtime", (p) => rewriteKeepingMtime(p, "tracked.csv", "3,4\n"), /● tracked\.csv\s+modified/],
    ["tracked data deleted", (p) => p.remove("tracked.csv"), /● tracked\.csv\s+missing/],
    ["a file added in a subfolder of a folder dep", (p) => p.write("data/sub/d.txt", "d\n"), /● listing/],
    ["a file in a folder dep rewritten with the same size and mtime", (p) => rewriteKeepingMtime(p, "data/sub/b.txt", "c\n"), /● listing/],
    ["a file renamed inside a folder dep", (p) => renameSync(p.path("data/a.txt"), p.path("data/z.txt")), /● listing/],
    ["the pipeline file rewritten with the same size and mtime", (p) => rewriteKeepingMtime(p, "pivot.yaml", PIPELINE.replace("wc -c", "wc -m")), /● count/],
    ["the params file rewritten with the same size and mtime", (p) => rewriteKeepingMtime(p, "params.yaml", "upper:\n  mode: plaid\n"), /● upper/],
    ["a lock file rewritten with the same bytes", (p) => p.write(".pivot/stages/count.lock", p.read(".pivot/stages/count.lock")), /✔ count\s+up to date/],
    ["a dep made executable", (p) => chmodSync(p.path("raw.txt"), 0o755), /✔ upper\s+up to date/],
    ["a dep replaced by a symlink to the same content", (p) => (p.write("same.txt", "hello\n"), p.remove("raw.txt"), symlinkSync(p.path("same.txt"), p.path("raw.txt"))), /✔ upper\s+up to date/],
    ["an output hardlinked elsewhere (its inode is shared now)", (p) => linkSync(p.path("count.txt"), p.path("copy-of-count.txt")), /✔ count\s+up to date/],
    ["the project config created", (p) => p.write(".pivot/config.yaml", "core:\n  jobs: 1\n"), /✔ upper\s+up to date/],
    ["a tracking file added elsewhere", (p) => p.write("more/extra.bin.pvt", "schema: 1\nhash_algorithm: \"xxh3-128\"\npath: \"extra.bin\"\nhash: \"0123456789abcdef0123456789abcdef\"\nsize: 1\n"), /more\/extra\.bin\s+missing/],
  ];
  for (const [what, change, expected] of changes) {
    test(`${what}: the full check runs`, async () => {
      const { project } = await upToDateProject();
      change(project);
      const result = await project.pivot("status", "-v");
      expect(result.stderr).not.toContain(FAST_ANSWER);
      expect(result.stdout).toMatch(expected);
    });
  }

  test("targets and --all are separate questions; a target's status says nothing about tracked data", async () => {
    const { project } = await upToDateProject();
    const target = await project.pivot("status", "-v", "count");
    expect(target.stderr).not.toContain(FAST_ANSWER);
    await settle();
    const again = await project.pivot("status", "-v", "count");
    expect(again.stderr).toContain(FAST_ANSWER);
    expect(again.stdout).not.toContain("tracked");
    const all = await project.pivot("status", "-v", "--all");
    expect(all.stderr).not.toContain(FAST_ANSWER);
  });
});

describe("status when the snapshot no longer holds: what it still vouches for is not checked again", () => {
  const VOUCHED = /still vouches for (\d+) stages?; checking the rest/;
  const cases: Array<[string, (p: TestProject) => void, number | undefined]> = [
    ["a dep of the first stage rewritten", (p) => p.write("raw.txt", "changed\n"), 2],
    ["a file added inside a folder dep", (p) => p.write("data/c.txt", "c\n"), 2],
    ["a param changed", (p) => p.write("params.yaml", "upper:\n  mode: fancy\n"), 2],
    ["an output deleted", (p) => p.remove("count.txt"), 2],
    ["a lock file removed", (p) => p.remove(".pivot/stages/listing.lock"), 2],
    ["tracked data edited", (p) => p.write("tracked.csv", "9,9\n"), 3],
    ["the pipeline file edited (every stage is checked)", (p) => p.write("pivot.yaml", PIPELINE.replace("wc -c", "wc -l")), undefined],
  ];
  for (const [what, change, vouched] of cases) {
    test(`${what}: the same report as a full check`, async () => {
      const { project } = await upToDateProject();
      change(project);
      const partial = await project.pivot("status", "-v", "--explain");
      const count = partial.stderr.match(VOUCHED)?.[1];
      expect(count === undefined ? undefined : Number(count)).toBe(vouched);
      project.remove(".pivot/tmp/up-to-date");
      const full = await project.pivot("status", "-v", "--explain");
      expect(full.stderr).not.toMatch(VOUCHED);
      expect({ code: partial.exitCode, out: partial.stdout }).toEqual({ code: full.exitCode, out: full.stdout });
    });
  }

  test("the snapshot stays the reference while stages are stale, and is replaced once all are up to date", async () => {
    const { project } = await upToDateProject();
    project.write("raw.txt", "changed\n");
    expect((await project.pivot("status", "-v")).stderr).toMatch(VOUCHED);
    expect((await project.pivot("status", "-v")).stderr).toMatch(VOUCHED);
    expect((await project.pivot("repro")).exitCode).toBe(0);
    await settle();
    const after = await project.pivot("status", "-v");
    expect(after.stdout).toContain("✔ 3 stages up to date");
    expect((await project.pivot("status", "-v")).stderr).toContain(FAST_ANSWER);
  });
});
