import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { symlinkSync } from "node:fs";
import { PIVOT_BIN, hasStackTrace, makeProject } from "../support/project";

const PIPELINE = `stages:
  copy:
    cmd: cp in.txt out.txt
    deps: [in.txt]
    outs: [out.txt]
`;

describe("bad state on disk", () => {
  test("a corrupt lock file is reported and the stage treated as never run", async () => {
    const project = makeProject({ "pivot.yaml": PIPELINE, "in.txt": "a\n" });
    await project.pivot("repro");
    project.write(".pivot/stages/copy.lock", "schema: [this is: not a lock\n");
    const status = await project.pivot("status");
    expect(status.stdout).toContain("copy.lock is unreadable");
    const repro = await project.pivot("repro");
    expect(repro.exitCode).toBe(0);
    expect(project.read(".pivot/stages/copy.lock")).toContain('stage: "copy"');
  });

  test("a corrupt state DB is moved aside with a warning and rebuilt", async () => {
    const project = makeProject({ "pivot.yaml": PIPELINE, "in.txt": "a\n" });
    await project.pivot("repro");
    project.write(".pivot/state.db", "this is not sqlite at all, just garbage bytes................");
    const result = await project.pivot("repro");
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain("was unreadable");
    expect(result.stderr).toContain("state.db.corrupt-");
    expect(hasStackTrace(result.output)).toBe(false);
  });

  test("a state DB locked by another process gives a clear error", async () => {
    const project = makeProject({ "pivot.yaml": PIPELINE, "in.txt": "a\n" });
    await project.pivot("repro");
    project.write("in.txt", "b\n");
    const db = new Database(project.path(".pivot/state.db"));
    db.run("PRAGMA busy_timeout = 0");
    db.run("BEGIN EXCLUSIVE");
    try {
      const result = await project.pivotWith({ env: { PIVOT_STATE_BUSY_TIMEOUT_MS: "200" } }, "repro");
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain("locked by another process");
      expect(hasStackTrace(result.output)).toBe(false);
    } finally {
      db.run("ROLLBACK");
      db.close();
    }
  });

  test("an unreadable dep (a folder holding a dangling symlink) is an error naming the path", async () => {
    const project = makeProject({
      "pivot.yaml": "stages:\n  pack:\n    cmd: ls data > list.txt\n    deps: [data/]\n    outs: [list.txt]\n",
      "data/a.txt": "a\n",
    });
    symlinkSync("/nonexistent/target", project.path("data/broken"));
    const result = await project.pivot("repro");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("data/broken");
    expect(result.stderr).toContain("dangling symlink");
    expect(hasStackTrace(result.output)).toBe(false);
  });
});

describe("outputs must stay in the project", () => {
  test("an output reached through a symlink to a folder outside the project is refused, and nothing there is touched", async () => {
    const outside = makeProject({ "victim.txt": "keep me\n" }, { init: false });
    const project = makeProject({ "pivot.yaml": "stages:\n  escape:\n    cmd: echo x > elsewhere/victim.txt\n    outs: [elsewhere/victim.txt]\n" });
    symlinkSync(outside.root, project.path("elsewhere"));
    const result = await project.pivot("repro");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("output elsewhere/victim.txt leads outside the project through a symlink");
    expect(outside.read("victim.txt")).toBe("keep me\n");
  });
});

describe("bad params", () => {
  test("a params file with a syntax error fails the stage naming the file and line", async () => {
    const project = makeProject({
      "pivot.yaml": "stages:\n  a:\n    cmd: echo x > out.txt\n    outs: [out.txt]\n    params: [p.x]\n",
      "params.yaml": "p:\n  x: [1\n",
    });
    const result = await project.pivot("repro");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/Cannot parse params file params\.yaml:3:1/);
    expect(hasStackTrace(result.output)).toBe(false);
  });

  test("a missing params key names the stage, the key and the file", async () => {
    const project = makeProject({
      "pivot.yaml": "stages:\n  a:\n    cmd: echo x > out.txt\n    outs: [out.txt]\n    params: [p.x]\n",
      "params.yaml": "p:\n  y: 1\n",
    });
    const result = await project.pivot("repro");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("Stage 'a' needs param 'p.x', which params.yaml does not define");
  });
});

describe("Ctrl-C", () => {
  test("interrupting a run stops the stage, records nothing for it, and the next repro is clean", async () => {
    const project = makeProject({
      "pivot.yaml": `stages:
  quick:
    cmd: echo done > quick.txt
    outs: [quick.txt]
  slow:
    cmd: echo partial > slow.txt; sleep 30; echo done > slow.txt
    deps: [quick.txt]
    outs: [slow.txt]
`,
    });
    const child = Bun.spawn(["bun", PIVOT_BIN, "repro"], { cwd: project.root, stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1" } });
    const deadline = Date.now() + 15_000;
    while (!project.exists("slow.txt") && Date.now() < deadline) await Bun.sleep(50);
    expect(project.exists("slow.txt")).toBe(true);
    const started = Date.now();
    child.kill("SIGINT");
    const exitCode = await child.exited;
    expect(exitCode).toBe(130);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(project.exists(".pivot/stages/quick.lock")).toBe(true);
    expect(project.exists(".pivot/stages/slow.lock")).toBe(false);
    expect(project.exists(".pivot/stages/slow.running")).toBe(false);

    project.write("pivot.yaml", project.read("pivot.yaml").replace("sleep 30", "sleep 0"));
    const rerun = await project.pivot("repro");
    expect(rerun.exitCode).toBe(0);
    expect(project.read("slow.txt")).toBe("done\n");
    expect((await project.pivot("-q", "status")).exitCode).toBe(0);
  });
});
