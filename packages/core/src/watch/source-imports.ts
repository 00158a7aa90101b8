import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, extname } from "node:path";
import { fromProjectPath, isSameOrInside, toProjectPath } from "../model/paths";

/** Extensions of module files whose edits count as code changes. */
export const CODE_EXTENSIONS: ReadonlySet<string> = new Set([".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"]);

const MAX_FILES = 5000;
const BUILTINS = new Set(builtinModules);

let transpiler: Bun.Transpiler | undefined;

function importsOf(file: string): string[] {
  transpiler ??= new Bun.Transpiler({ loader: "tsx" });
  try {
    return transpiler.scanImports(readFileSync(file, "utf8")).map((entry) => entry.path);
  } catch {
    // Unreadable or mid-edit: the file itself stays watched; its imports come back once it parses.
    return [];
  }
}

function resolveInProject(projectRoot: string, specifier: string, fromFile: string): string | undefined {
  if (specifier.startsWith("node:") || specifier.startsWith("bun:") || BUILTINS.has(specifier)) return undefined;
  let resolved: string;
  try {
    resolved = Bun.resolveSync(specifier, dirname(fromFile));
  } catch {
    return undefined;
  }
  const projectPath = toProjectPath(projectRoot, resolved);
  if (projectPath.startsWith("../") || projectPath === ".." || projectPath.split("/").includes("node_modules")) return undefined;
  return CODE_EXTENSIONS.has(extname(projectPath)) ? projectPath : undefined;
}

/**
 * The local source files `entries` are built from: the entries themselves plus every module they
 * import, transitively (static imports, re-exports, string-literal `import()` and `require`),
 * as long as it lives inside the project and outside `node_modules`. Project-relative paths.
 */
export function localSourceFiles(projectRoot: string, entries: Iterable<string>): Set<string> {
  const found = new Set<string>();
  const queue: string[] = [];
  for (const entry of entries) {
    if (!CODE_EXTENSIONS.has(extname(entry)) || found.has(entry) || !isSameOrInside(entry, ".")) continue;
    found.add(entry);
    queue.push(entry);
  }
  for (let file = queue.pop(); file !== undefined && found.size < MAX_FILES; file = queue.pop()) {
    const absolute = fromProjectPath(projectRoot, file);
    for (const specifier of importsOf(absolute)) {
      const local = resolveInProject(projectRoot, specifier, absolute);
      if (local === undefined || found.has(local)) continue;
      found.add(local);
      queue.push(local);
    }
  }
  return found;
}
