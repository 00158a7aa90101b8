import { Database } from "bun:sqlite";
import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";

/** Every `.pivot/` folder under `root` (project-relative paths of the folders that hold one). */
export function pivotFolders(root: string): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === "node_modules" || entry.name === ".git") continue;
      if (entry.name === ".pivot") found.push(relative(root, dir) || ".");
      else visit(join(dir, entry.name));
    }
  };
  visit(root);
  return found.sort();
}

/** Lock files (relative to `<folder>/.pivot/stages/`, without `.lock`) of one state folder. */
export function lockNamesIn(root: string, folder: string): string[] {
  const stages = join(root, folder, ".pivot", "stages");
  if (!existsSync(stages)) return [];
  return (readdirSync(stages, { recursive: true }) as string[]).filter((f) => f.endsWith(".lock")).map((f) => f.slice(0, -5)).sort();
}

/** Stage names with run-cache rows, and output paths with generations, in one state DB. */
export function stateRowsIn(root: string, folder: string): { runCacheStages: string[]; generationPaths: string[] } {
  const file = join(root, folder, ".pivot", "state.db");
  if (!existsSync(file)) return { runCacheStages: [], generationPaths: [] };
  const db = new Database(file, { readonly: true });
  try {
    const runCacheStages = db.query("SELECT DISTINCT stage FROM run_cache ORDER BY stage").all().map((r) => (r as { stage: string }).stage);
    const generationPaths = db.query("SELECT path FROM generations ORDER BY path").all().map((r) => (r as { path: string }).path);
    return { runCacheStages, generationPaths };
  } finally {
    db.close();
  }
}
