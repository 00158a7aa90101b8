// Test support: real temporary projects on disk.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type PipelineDef, PivotError } from "@pivot/core/internal";
import { yamlDiscovery } from "./yaml-discovery";

const created: string[] = [];

/** Removes every project made so far (call from afterAll). */
export function removeProjects(): void {
  for (const root of created.splice(0)) rmSync(root, { recursive: true, force: true });
}

/** A temp project root (with `.pivot/`) holding `files` (project-relative path → text). */
export function makeProject(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "pivot-yaml-"));
  created.push(root);
  mkdirSync(join(root, ".pivot"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** Loads `<root>/<file>` the way the CLI does. */
export function loadPipeline(root: string, file = "pivot.yaml"): Promise<PipelineDef> {
  const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : ".";
  return yamlDiscovery.load(join(root, file), { projectRoot: root, file: join(root, file), dir });
}

/** The PivotError loading `files` fails with (the pipeline file defaults to `pivot.yaml`). */
export async function loadError(files: Record<string, string>, file = "pivot.yaml"): Promise<PivotError> {
  const root = makeProject(files);
  try {
    await loadPipeline(root, file);
  } catch (error) {
    if (error instanceof PivotError) return error;
    throw error;
  }
  throw new Error(`expected loading ${file} to fail`);
}
