import { mkdirSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { type TestProject, makeProject } from "./project";

/** The workspace's @pivot/core, which a temp project's pipeline.ts imports. */
export const CORE_PACKAGE = resolve(import.meta.dir, "../../packages/core");

/** Links `<root>/node_modules/@pivot/core` to the workspace's core, so `import … from "@pivot/core"` works in /tmp. */
export function linkPivotCore(root: string): void {
  mkdirSync(join(root, "node_modules/@pivot"), { recursive: true });
  symlinkSync(CORE_PACKAGE, join(root, "node_modules/@pivot/core"), "dir");
}

/** A temp project (see makeProject) whose TS files can import @pivot/core. */
export function makeTsProject(files: Record<string, string> = {}, options: { init?: boolean } = {}): TestProject {
  const project = makeProject(files, options);
  linkPivotCore(project.root);
  return project;
}

/** Writes a tiny installed package `node_modules/<name>` with `index.js` exporting `source`. */
export function writePackage(project: TestProject, name: string, version: string, source: string): void {
  project.write(`node_modules/${name}/package.json`, JSON.stringify({ name, version, type: "module", main: "index.js" }));
  project.write(`node_modules/${name}/index.js`, source);
}

/** Stage names from a `repro` output line set: `✔ name` lines of stages that ran. */
export function ranStages(output: string): string[] {
  return output
    .split("\n")
    .map((line) => /^✔ (\S+) \d/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}
