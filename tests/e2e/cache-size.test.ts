import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeProject } from "../support/project";
import { cachedObjects, objectsIn } from "../support/remote-fixtures";

describe("pivot cache size", () => {
  test("reports objects and bytes by pipeline, tracked data and unreferenced, locally and on a remote", async () => {
    const remote = mkdtempSync(join(tmpdir(), "pivot-remote-"));
    const project = makeProject({
      "pivot.yaml": "stages:\n  top:\n    cmd: printf 'top output' > top.txt\n    outs: [top.txt]\n",
      "side/pivot.yaml": "stages:\n  side:\n    cmd: mkdir -p parts && printf 'aa' > parts/a && printf 'bbb' > parts/b\n    outs: [parts/]\n",
      "data.csv": "1,2,3\n",
      ".pivot/config.yaml": `remotes:\n  origin:\n    url: ${JSON.stringify(remote)}\nremote:\n  default: origin\n`,
    });
    expect((await project.pivot("repro", "--all")).exitCode).toBe(0);
    expect((await project.pivot("track", "data.csv")).exitCode).toBe(0);
    expect((await project.pivot("push", "--all")).exitCode).toBe(0);
    // An old version only the local cache holds.
    project.write("pivot.yaml", "stages:\n  top:\n    cmd: printf 'new top' > top.txt\n    outs: [top.txt]\n");
    expect((await project.pivot("repro", "--all")).exitCode).toBe(0);

    const result = await project.pivot("cache", "size", "--all", "--remote", "origin", "--json");
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    const rows = Object.fromEntries(report.rows.map((r: { name: string; dir?: string }) => [r.dir === "." ? "root" : r.name, r]));
    // parts/: two files (5 bytes) and the manifest.
    expect(rows.side).toMatchObject({ dir: "side", local: { objects: 3 }, remote: { objects: 3 } });
    expect(rows.side.local.bytes).toBeGreaterThan(5);
    expect(rows.root).toMatchObject({ local: { objects: 1, bytes: 7 }, remote: { objects: 0, bytes: 0 } });
    expect(rows["tracked data"]).toMatchObject({ local: { objects: 1, bytes: 6 }, remote: { objects: 1, bytes: 6 } });
    expect(rows.unreferenced).toMatchObject({ local: { objects: 1, bytes: 10 }, remote: { objects: 1, bytes: 10 } });
    expect(report.total.local.objects).toBe(cachedObjects(project).length);
    expect(report.total.remote.objects).toBe(objectsIn(remote).length);

    const text = await project.pivot("cache", "--all");
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/side \(side\)\s+3\s+\d+ B/);
    expect(text.stdout).toMatch(/unreferenced\s+1\s+10 B/);
  });
});
