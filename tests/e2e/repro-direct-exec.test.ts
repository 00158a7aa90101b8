import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeProject } from "../support/project";

/** A PATH holding only `bun`: no `sh` to be found. */
const bunOnly = mkdtempSync(join(tmpdir(), "pivot-bun-only-"));
symlinkSync(process.execPath, join(bunOnly, "bun"));
afterAll(() => rmSync(bunOnly, { recursive: true, force: true }));

describe("how cmd stages are started", () => {
  test("a command of plain words runs without a shell", async () => {
    const project = makeProject({
      "pivot.yaml": "stages:\n  copy:\n    cmd: /bin/cp in.txt out.txt\n    deps: [in.txt]\n    outs: [out.txt]\n",
      "in.txt": "hello\n",
    });
    const result = await project.pivotWith({ env: { PATH: bunOnly } }, "repro");
    expect(result.exitCode).toBe(0);
    expect(project.read("out.txt")).toBe("hello\n");
  });

  test("a command with shell syntax still needs sh", async () => {
    const project = makeProject({ "pivot.yaml": "stages:\n  copy:\n    cmd: /bin/cp in.txt out.txt && true\n    deps: [in.txt]\n    outs: [out.txt]\n", "in.txt": "hello\n" });
    const result = await project.pivotWith({ env: { PATH: bunOnly } }, "repro");
    expect(result.exitCode).toBe(1);
    expect(project.exists("out.txt")).toBe(false);
  });

  test("a script without #! runs through sh, as before", async () => {
    const project = makeProject({ "pivot.yaml": "stages:\n  gen:\n    cmd: ./make-out\n    outs: [out.txt]\n" });
    project.write("make-out", "echo from-script > out.txt\n", 0o755);
    const result = await project.pivot("repro");
    expect(result.exitCode).toBe(0);
    expect(project.read("out.txt")).toBe("from-script\n");
  });

  test("the command sees its own folder as PWD, with or without a shell", async () => {
    const project = makeProject({
      "pivot.yaml": "stages:\n  direct:\n    wdir: sub\n    cmd: ./pwd.sh direct.txt\n    outs: [sub/direct.txt]\n  shell:\n    wdir: sub\n    cmd: ./pwd.sh shell.txt && true\n    outs: [sub/shell.txt]\n",
    });
    project.write("sub/pwd.sh", '#!/bin/sh\necho "$PWD" > "$1"\n', 0o755);
    const result = await project.pivot("repro");
    expect(result.exitCode).toBe(0);
    const sub = realpathSync(project.path("sub"));
    expect(realpathSync(project.read("sub/direct.txt").trim())).toBe(sub);
    expect(project.read("sub/direct.txt")).toBe(project.read("sub/shell.txt"));
  });

  test("an inherited PWD naming the same folder through a symlink is kept, as sh keeps it", async () => {
    const project = makeProject({
      "pivot.yaml": "stages:\n  direct:\n    cmd: ./pwd.sh direct.txt\n    outs: [direct.txt]\n  shell:\n    cmd: ./pwd.sh shell.txt && true\n    outs: [shell.txt]\n",
    });
    project.write("pwd.sh", '#!/bin/sh\necho "$PWD" > "$1"\n', 0o755);
    const link = join(bunOnly, "project-link");
    symlinkSync(project.root, link);
    const result = await project.pivotWith({ env: { PWD: link } }, "repro");
    expect(result.exitCode).toBe(0);
    expect(project.read("shell.txt")).toBe(`${link}\n`);
    expect(project.read("direct.txt")).toBe(`${link}\n`);
  });
});
