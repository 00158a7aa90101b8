import { afterAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { PivotError } from "../errors/pivot-error";
import { commitStages } from "./commit-stages";
import { type TestDataProject, makeDataProject } from "./outputs-test-support";
import { resolveDataTargets } from "./resolve-targets";

const projects: TestDataProject[] = [];
afterAll(() => projects.forEach((p) => rmSync(p.root, { recursive: true, force: true })));

async function twoStages(): Promise<TestDataProject> {
  const p = makeDataProject([
    { id: "done", outs: ["out/a.txt", { path: "metrics.json", cache: false }] },
    { id: "never", outs: ["later.txt"] },
  ]);
  projects.push(p);
  p.write({ "out/a.txt": "a", "metrics.json": "{}" });
  await commitStages(p, { targets: ["done"] });
  return p;
}

const paths = (p: TestDataProject, targets: string[], cwd = p.root) => resolveDataTargets(p, targets, cwd).items.map((i) => i.path);

test("a folder holding outputs selects them; paths are relative to the current folder", async () => {
  const p = await twoStages();
  expect(paths(p, ["out"])).toEqual(["out/a.txt"]);
  expect(paths(p, ["a.txt"], join(p.root, "out"))).toEqual(["out/a.txt"]);
  expect(paths(p, [])).toEqual(["out/a.txt"]);
});

test("outputs that cannot be checked out are explained, not errors", async () => {
  const p = await twoStages();
  expect(resolveDataTargets(p, ["never"], p.root).notes[0]).toContain("no lock file");
  expect(resolveDataTargets(p, ["metrics.json"], p.root).notes[0]).toContain("not cached");
});

test("unknown targets and targets outside the project are errors", async () => {
  const p = await twoStages();
  const unknown = (() => {
    try {
      resolveDataTargets(p, ["nevr"], p.root);
    } catch (error) {
      return error as PivotError;
    }
  })();
  expect(unknown?.code).toBe("TARGET_NOT_FOUND");
  expect(unknown?.hint).toContain("'never'");
  expect(() => resolveDataTargets(p, ["/elsewhere/x"], p.root)).toThrow("outside the project");
});
